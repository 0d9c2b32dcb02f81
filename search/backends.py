"""The two implementations of the search index: SQLite FTS5 (embedded) and PostgreSQL full-text
search (production). Both index the same normalised text (`core.vietnamese.search_forms`) in
four parts (title and text, folded and marked) and answer the same `search()` call.

Why not Wagtail's search backends: Wagtail 8's SQLite backend builds its FTS5 table with the
default tokenizer (it folds neither "đ" nor "kĩ"/"kỹ"), weighs every field alike and ranks each
result in a sub-query; neither backend can rank an exactly accented word above a merely folded
one. Indexing our own normalised keys gives the same answers on both databases. Wagtail's
search still serves the admin.

Ranking: a result must hold every folded key (or phrase); the marked keys it also holds add to
its score, so "Đảng" ranks "Đảng bộ" above "đăng ký". Titles weigh more than text."""

from dataclasses import dataclass

from django.db import connection

from core.vietnamese import search_forms

TABLE = "portal_search_searchdocument"
FTS_TABLE = "portal_search_fts"


@dataclass
class Filters:
    root_path: str = ""           # only pages under this path (the site)
    section_path: str = ""        # only pages under this path (a category)
    restricted: tuple = ()        # paths under a view restriction
    date_from: object = None      # aware datetimes, inclusive / exclusive
    date_to: object = None


def _where(filters):
    sql, params = ["p.live = %s"], [True]
    for path in (filters.root_path, filters.section_path):
        if path:
            sql.append("p.path LIKE %s")
            params.append(path + "%")
    for path in filters.restricted:
        sql.append("p.path NOT LIKE %s")
        params.append(path + "%")
    if filters.date_from is not None:
        sql.append("d.published_at >= %s")
        params.append(connection.ops.adapt_datetimefield_value(filters.date_from))
    if filters.date_to is not None:
        sql.append("d.published_at < %s")
        params.append(connection.ops.adapt_datetimefield_value(filters.date_to))
    return " AND ".join(sql), params


_ORDER = {"relevance": "score {direction}, d.published_at DESC NULLS LAST, d.page_id DESC",
          "date": "d.published_at DESC NULLS LAST, d.page_id DESC"}


class SQLiteIndex:
    """FTS5 with the plain `unicode61` tokenizer: the keys are already normalised."""

    WEIGHTS = (8.0, 1.0, 8.0, 1.0)  # title_folded, body_folded, title_marked, body_marked
    CREATE = [f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(title_folded, "
              "body_folded, title_marked, body_marked, tokenize='unicode61 remove_diacritics 0')"]
    DROP = [f"DROP TABLE IF EXISTS {FTS_TABLE}"]

    def write(self, cursor, page_id, title, text):
        title_folded, title_marked = search_forms(title)
        body_folded, body_marked = search_forms(text)
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [page_id])
        cursor.execute(f"INSERT INTO {FTS_TABLE} (rowid, title_folded, body_folded, title_marked,"
                       " body_marked) VALUES (%s, %s, %s, %s, %s)",
                       [page_id, title_folded, body_folded, title_marked, body_marked])

    def delete(self, cursor, page_id):
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [page_id])

    @staticmethod
    def _term(keys, index):
        return '"' + " ".join(key[index] for key in keys) + '"'  # keys hold no quote

    def match(self, query, require_all):
        joiner = " AND " if require_all else " OR "
        folded = joiner.join(self._term(group, 0) for group in query.groups)
        marked = " OR ".join(self._term(group, 1) for group in query.groups)
        bonus = [f"{{title_marked body_marked}} : ({marked})"]
        if query.pairs:
            bonus.append("{title_folded body_folded} : (%s)"
                         % " OR ".join(self._term(pair, 0) for pair in query.pairs))
            bonus.append("{title_marked body_marked} : (%s)"
                         % " OR ".join(self._term(pair, 1) for pair in query.pairs))
        # every result matches the first part; the rest only adds to the score of those that
        # also hold the marked keys or neighbouring words side by side (FTS5 has no optional
        # term, hence the closing "OR <first part>")
        return (f"{{title_folded body_folded}} : ({folded}) AND "
                f"({' OR '.join(bonus)} OR {{title_folded body_folded}} : ({folded}))")

    def search(self, query, require_all, filters, order, offset, limit):
        where, params = _where(filters)
        from_sql = (f"FROM {FTS_TABLE} f JOIN {TABLE} d ON d.page_id = f.rowid "
                    "JOIN wagtailcore_page p ON p.id = d.page_id "
                    f"WHERE {FTS_TABLE} MATCH %s AND {where}")
        params = [self.match(query, require_all), *params]
        weights = ", ".join(str(w) for w in self.WEIGHTS)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {from_sql}", params)
            total = cursor.fetchone()[0]
            if not total or offset >= total:
                return [], total
            # bm25() is lower for better matches
            cursor.execute(f"SELECT d.page_id, bm25({FTS_TABLE}, {weights}) AS score {from_sql} "
                           f"ORDER BY {_ORDER[order].format(direction='ASC')} "
                           "LIMIT %s OFFSET %s", [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()], total


class PostgresIndex:
    """tsvector columns beside the document row, built with the `simple` configuration (the
    keys are already normalised, so neither `unaccent` nor a language dictionary is needed).
    A GIN index serves the match; ranking reads only the rows that match."""

    CREATE = [
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS folded tsvector",
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS marked tsvector",
        f"CREATE INDEX IF NOT EXISTS portal_search_folded_gin ON {TABLE} USING gin (folded)",
    ]
    DROP = [f"DROP INDEX IF EXISTS portal_search_folded_gin",
            f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS folded",
            f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS marked"]
    # ts_rank's weights for D, C, B, A: titles are A, text is C
    VECTOR = ("setweight(to_tsvector('simple', %s), 'A') || "
              "setweight(to_tsvector('simple', %s), 'C')")

    def write(self, cursor, page_id, title, text):
        title_folded, title_marked = search_forms(title)
        body_folded, body_marked = search_forms(text)
        cursor.execute(f"UPDATE {TABLE} SET folded = {self.VECTOR}, marked = {self.VECTOR} "
                       "WHERE page_id = %s",
                       [title_folded, body_folded, title_marked, body_marked, page_id])

    def delete(self, cursor, page_id):
        pass  # the vectors go with the row

    @staticmethod
    def _term(keys, index):
        # quoted lexemes: the keys hold no quote or backslash
        return "(" + " <-> ".join(f"'{key[index]}'" for key in keys) + ")"

    def tsqueries(self, query, require_all):
        """(what must match, then what adds to the score: marked keys, folded neighbours,
        marked neighbours)."""
        joiner = " & " if require_all else " | "
        pairs = query.pairs or query.groups[:1]
        return (joiner.join(self._term(group, 0) for group in query.groups),
                " | ".join(self._term(group, 1) for group in query.groups),
                " | ".join(self._term(pair, 0) for pair in pairs),
                " | ".join(self._term(pair, 1) for pair in pairs))

    def search(self, query, require_all, filters, order, offset, limit):
        where, params = _where(filters)
        folded, marked, folded_pairs, marked_pairs = self.tsqueries(query, require_all)
        from_sql = (f"FROM {TABLE} d JOIN wagtailcore_page p ON p.id = d.page_id "
                    f"WHERE d.folded @@ to_tsquery('simple', %s) AND {where}")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {from_sql}", [folded, *params])
            total = cursor.fetchone()[0]
            if not total or offset >= total:
                return [], total
            score = ("ts_rank(d.folded, to_tsquery('simple', %s), 1)"
                     " + 2 * ts_rank(d.marked, to_tsquery('simple', %s), 1)"
                     " + 2 * ts_rank(d.folded, to_tsquery('simple', %s), 1)"
                     " + 2 * ts_rank(d.marked, to_tsquery('simple', %s), 1)")
            cursor.execute(f"SELECT d.page_id, {score} AS score {from_sql} "
                           f"ORDER BY {_ORDER[order].format(direction='DESC')} "
                           "LIMIT %s OFFSET %s",
                           [folded, marked, folded_pairs, marked_pairs, folded, *params, limit,
                            offset])
            return [row[0] for row in cursor.fetchall()], total


def get_index(vendor=None):
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgresIndex()
    if vendor == "sqlite":
        return SQLiteIndex()
    raise NotImplementedError(f"No search index for the {vendor} database.")
