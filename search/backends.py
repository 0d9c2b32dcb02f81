"""The two implementations of the search index: SQLite FTS5 (embedded) and PostgreSQL full-text
search (production). Both index the same normalised text (`core.vietnamese.search_forms`) in
four parts (title and text, folded and marked) and answer the same `search()` call.

Why not Wagtail's search backends: Wagtail 8's SQLite backend builds its FTS5 table with the
default tokenizer (it folds neither "đ" nor "kĩ"/"kỹ"), weighs every field alike and ranks each
result in a sub-query; neither backend can rank an exactly accented word above a merely folded
one. Indexing our own normalised keys gives the same answers on both databases. Wagtail's
search still serves the admin.

Ranking: a result must hold every folded key (or phrase); the marked keys it also holds add to
its score, so "Đảng" ranks "Đảng bộ" above "đăng ký", and so do neighbouring words of the query
that stand side by side in the page. Titles weigh more than text.

Cost: counting stops at MAX_COUNT; on PostgreSQL, ranking reads only candidates (the newest
CANDIDATES matches, and the newest CANDIDATES matches in the title and summary), so a word found
in most pages costs no more than a rare one."""

from dataclasses import dataclass

from django.db import connection

from core.vietnamese import search_forms

TABLE = "portal_search_searchdocument"
FTS_TABLE = "portal_search_fts"


MAX_COUNT = 1000   # more matches than this are shown as "more than 1,000"


@dataclass
class Filters:
    root_path: str = ""           # only pages under this path (the site)
    section_path: str = ""        # only pages under this path (a category)
    restricted: tuple = ()        # paths under a view restriction
    date_from: object = None      # aware datetimes, inclusive / exclusive
    date_to: object = None


def _where(filters):
    """SQL conditions on the document row `d` (its copy of the page's tree path)."""
    sql, params = [], []
    for path in (filters.root_path, filters.section_path):
        if path:
            sql.append("d.path LIKE %s")
            params.append(path + "%")
    for path in filters.restricted:
        sql.append("d.path NOT LIKE %s")
        params.append(path + "%")
    if filters.date_from is not None:
        sql.append("d.published_at >= %s")
        params.append(connection.ops.adapt_datetimefield_value(filters.date_from))
    if filters.date_to is not None:
        sql.append("d.published_at < %s")
        params.append(connection.ops.adapt_datetimefield_value(filters.date_to))
    return "".join(f" AND {condition}" for condition in sql), params


_BY_DATE = "d.published_at DESC NULLS LAST, d.page_id DESC"


def _count(cursor, from_sql, params):
    cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 {from_sql} LIMIT {MAX_COUNT + 1}) s", params)
    return cursor.fetchone()[0]


class SQLiteIndex:
    """FTS5 with the plain `unicode61` tokenizer: the keys are already normalised. Ranks every
    match with bm25(): right for the embedded default's few thousand pages."""

    WEIGHTS = (8.0, 1.0, 8.0, 1.0)  # title_folded, body_folded, title_marked, body_marked
    CREATE = [f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(title_folded, "
              "body_folded, title_marked, body_marked, tokenize='unicode61 remove_diacritics 0')"]
    DROP = [f"DROP TABLE IF EXISTS {FTS_TABLE}"]

    def write(self, cursor, page_id, title, summary, body):
        title_folded, title_marked = search_forms(title)
        body_folded, body_marked = search_forms(f"{summary}\n{body}")
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
                    f"WHERE {FTS_TABLE} MATCH %s{where}")
        params = [self.match(query, require_all), *params]
        weights = ", ".join(str(w) for w in self.WEIGHTS)
        order_by = f"score, {_BY_DATE}" if order == "relevance" else _BY_DATE  # bm25: lower is better
        with connection.cursor() as cursor:
            total = _count(cursor, from_sql, params)
            if not total or offset >= total:
                return [], total
            cursor.execute(f"SELECT d.page_id, bm25({FTS_TABLE}, {weights}) AS score {from_sql} "
                           f"ORDER BY {order_by} LIMIT %s OFFSET %s", [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()], total


class PostgresIndex:
    """tsvector columns on the document row, built with the `simple` configuration (the keys
    are already normalised, so neither `unaccent` nor a language dictionary is needed):
    `folded` (title and text) for matching, with a GIN index, and a small `head_folded` /
    `head_marked` pair (title and summary) that ranking reads without touching the text."""

    CREATE = [
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS folded tsvector",
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS head_folded tsvector",
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS head_marked tsvector",
        f"CREATE INDEX IF NOT EXISTS portal_search_folded_gin ON {TABLE} USING gin (folded)",
        f"CREATE INDEX IF NOT EXISTS portal_search_head_gin ON {TABLE} USING gin (head_folded)",
    ]
    DROP = ["DROP INDEX IF EXISTS portal_search_folded_gin",
            "DROP INDEX IF EXISTS portal_search_head_gin",
            f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS folded",
            f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS head_folded",
            f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS head_marked"]
    # as many as can be counted and paged through (MAX_COUNT): up to that, every match is a
    # candidate, so the pages of results never run out early
    CANDIDATES = MAX_COUNT
    # ts_rank's weights for D, C, B, A: titles are A, summaries B, text C
    HEAD = ("setweight(to_tsvector('simple', %s), 'A') || "
            "setweight(to_tsvector('simple', %s), 'B')")
    WRITE = (f"UPDATE {TABLE} SET head_folded = {HEAD}, head_marked = {HEAD}, "
             f"folded = {HEAD} || setweight(to_tsvector('simple', %s), 'C') WHERE page_id = %s")

    @staticmethod
    def write_params(page_id, title, summary, body):
        title_folded, title_marked = search_forms(title)
        summary_folded, summary_marked = search_forms(summary)
        body_folded, _body_marked = search_forms(body)
        return [title_folded, summary_folded, title_marked, summary_marked, title_folded,
                summary_folded, body_folded, page_id]

    def write(self, cursor, page_id, title, summary, body):
        cursor.execute(self.WRITE, self.write_params(page_id, title, summary, body))

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
        match = f"FROM {TABLE} d WHERE d.folded @@ to_tsquery('simple', %s){where}"
        with connection.cursor() as cursor:
            total = _count(cursor, match, [folded, *params])
            if not total or offset >= total:
                return [], total
            if order != "relevance":
                cursor.execute(f"SELECT d.page_id {match} ORDER BY {_BY_DATE} LIMIT %s OFFSET %s",
                               [folded, *params, limit, offset])
                return [row[0] for row in cursor.fetchall()], total
            head = f"FROM {TABLE} d WHERE d.head_folded @@ to_tsquery('simple', %s){where}"
            score = ("ts_rank(d.head_folded, to_tsquery('simple', %s), 1)"
                     " + 2 * ts_rank(d.head_marked, to_tsquery('simple', %s), 1)"
                     " + 2 * ts_rank(d.head_folded, to_tsquery('simple', %s), 1)"
                     " + 2 * ts_rank(d.head_marked, to_tsquery('simple', %s), 1)")
            cursor.execute(
                f"WITH candidates AS ("
                f"(SELECT d.page_id {head} ORDER BY {_BY_DATE} LIMIT {self.CANDIDATES}) UNION "
                f"(SELECT d.page_id {match} ORDER BY {_BY_DATE} LIMIT {self.CANDIDATES})) "
                f"SELECT d.page_id, {score} AS score FROM {TABLE} d "
                f"JOIN candidates c ON c.page_id = d.page_id "
                f"ORDER BY score DESC, {_BY_DATE} LIMIT %s OFFSET %s",
                [folded, *params, folded, *params, folded, marked, folded_pairs, marked_pairs,
                 limit, offset])
            return [row[0] for row in cursor.fetchall()], total


def get_index(vendor=None):
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgresIndex()
    if vendor == "sqlite":
        return SQLiteIndex()
    raise NotImplementedError(f"No search index for the {vendor} database.")
