"""The two implementations of the search index: SQLite FTS5 (embedded) and PostgreSQL full-text
search (production). Both index the same normalised text (`core.vietnamese.search_forms`) in
four parts (title and text, folded and marked) and answer the same `search()` call.

Why not Wagtail's search backends: Wagtail 8's SQLite backend builds its FTS5 table with the
default tokenizer (it folds neither "đ" nor "kĩ"/"kỹ"), weighs every field alike and ranks each
result in a sub-query; neither backend can rank an exactly accented word above a merely folded
one. Indexing our own normalised keys gives the same answers on both databases. Wagtail's
search still serves the admin.

Ranking: a result must hold every folded key (or phrase), or one of its other forms (the
abbreviations, `query.py`); the marked keys it also holds add to its score, so "Đảng" ranks
"Đảng bộ" above "đăng ký", and so do neighbouring words of the query that stand side by side in
the page. Titles weigh more than text.

Identifiers ("1234/QĐ-UBND") are indexed with the title, word by word and as compact keys
("1234qdubnd", and the prefixes "1234qd"); codes written in any text ("1.009876") add their
compact key to that text. A page holding one of the query's compact keys matches even when it
lacks some other word ("số 1234/QĐ-UBND"), and the keys earn a large bonus in the title part,
where only identifiers put them: the page the number names ranks above pages citing it.

Facets ("loai_trang", "linh_vuc"…) are rows of portal_search_searchfacet, matched with EXISTS.

Cost: counting stops at MAX_COUNT; on PostgreSQL, ranking reads only candidates (see
PostgresIndex), so a word found in most pages costs no more than a rare one."""

from dataclasses import dataclass

from django.db import connection, transaction

from core.vietnamese import compact_key, joined_codes, search_forms, search_keys

TABLE = "portal_search_searchdocument"
FACET_TABLE = "portal_search_searchfacet"
FTS_TABLE = "portal_search_fts"
MAX_COUNT = 1000   # more matches than this are shown as "more than 1,000"
MAX_PREFIX_WORDS = 8


def identifier_compacts(identifiers):
    """Compact keys of each identifier and of its beginnings of two words or more ("42/2022/
    NĐ-CP" → "422022ndcp", "422022nd", "422022"): typing the start of a number is exact too."""
    found = []
    for identifier in identifiers:
        words = [folded for folded, _marked in search_keys(identifier)]
        found += ["".join(words[:end]) for end in range(2, min(len(words), MAX_PREFIX_WORDS) + 1)]
        found.append(compact_key(identifier))
    return [key for key in dict.fromkeys(found) if key]


def text_compacts(*texts):
    """Compact keys of the codes written in `texts`."""
    return list(dict.fromkeys(key for text in texts for key in joined_codes(text)))


@dataclass
class Filters:
    root_path: str = ""           # only pages under this path (the site)
    section_path: str = ""        # only pages under this path (a category)
    restricted: tuple = ()        # paths under a view restriction
    date_from: object = None      # aware datetimes, inclusive / exclusive
    date_to: object = None
    facets: tuple = ()            # (name, value): the document has each


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
    for name, value in filters.facets:
        sql.append(f"EXISTS (SELECT 1 FROM {FACET_TABLE} sf WHERE sf.document_id = d.page_id "
                   "AND sf.name = %s AND sf.value = %s)")
        params += [name, value]
    return "".join(f" AND {condition}" for condition in sql), params


_BY_DATE = "d.published_at DESC, d.page_id DESC"


def _ids(cursor, sql, params):
    cursor.execute(sql, params)
    return [row[0] for row in cursor.fetchall()]


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

    def write(self, cursor, page_id, title, summary, body, identifiers=()):
        heading = "\n".join([title, *identifiers])
        title_folded, title_marked = search_forms(heading)
        body_folded, body_marked = search_forms(f"{summary}\n{body}")
        # compact keys go after the words (they are no one's neighbours): the identifiers'
        # with the title, the codes written in the texts with the body
        title_folded = " ".join([title_folded, *identifier_compacts(identifiers)])
        body_folded = " ".join([body_folded, *text_compacts(title, summary, body)])
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [page_id])
        cursor.execute(f"INSERT INTO {FTS_TABLE} (rowid, title_folded, body_folded, title_marked,"
                       " body_marked) VALUES (%s, %s, %s, %s, %s)",
                       [page_id, title_folded, body_folded, title_marked, body_marked])

    def delete(self, cursor, page_id):
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [page_id])

    def write_many(self, cursor, writes):
        """write() for each of `writes` (its arguments after the cursor)."""
        for write in writes:
            self.write(cursor, *write)

    @staticmethod
    def _term(keys, index):
        return '"' + " ".join(key[index] for key in keys) + '"'  # keys hold no quote

    @classmethod
    def _group(cls, group):
        """A group's alternatives OR-ed, each the AND of its phrases."""
        return "(" + " OR ".join(
            "(" + " AND ".join(cls._term(phrase, 0) for phrase in alternative) + ")"
            for alternative in group) + ")"

    def match(self, query, require_all):
        joiner = " AND " if require_all else " OR "
        folded = joiner.join(self._group(group) for group in query.groups)
        if query.compacts:  # an identifier typed whole is found even with other words around
            folded = f"({folded}) OR " + " OR ".join(f'"{key}"' for key in query.compacts)
        marked = " OR ".join(self._term(phrase, 1) for phrase in query.typed_phrases)
        bonus = [f"{{title_marked body_marked}} : ({marked})"]
        if query.pairs:
            bonus.append("{title_folded body_folded} : (%s)"
                         % " OR ".join(self._term(pair, 0) for pair in query.pairs))
            bonus.append("{title_marked body_marked} : (%s)"
                         % " OR ".join(self._term(pair, 1) for pair in query.pairs))
        if query.compacts:
            bonus.append("{title_folded} : (%s)"
                         % " OR ".join(f'"{key}"' for key in query.compacts))
        # every result matches the first part; the rest only adds to the score of those that
        # also hold the marked keys, neighbouring words side by side or an identifier (FTS5
        # has no optional term, hence the closing "OR <first part>")
        return (f"{{title_folded body_folded}} : ({folded}) AND "
                f"({' OR '.join(bonus)} OR {{title_folded body_folded}} : ({folded}))")

    def search(self, query, require_all, filters, order, offset, limit):
        where, params = _where(filters)
        from_sql = (f"FROM {FTS_TABLE} f JOIN {TABLE} d ON d.page_id = f.rowid "
                    f"WHERE {FTS_TABLE} MATCH %s{where}")
        params = [self.match(query, require_all), *params]
        weights = ", ".join(str(w) for w in self.WEIGHTS)
        # bm25() is lower for better matches
        order_by = f"score, {_BY_DATE}" if order == "relevance" else _BY_DATE
        with connection.cursor() as cursor:
            total = _count(cursor, from_sql, params)
            if not total or offset >= total:
                return [], total
            return _ids(cursor, f"SELECT d.page_id, bm25({FTS_TABLE}, {weights}) AS score "
                                f"{from_sql} ORDER BY {order_by} LIMIT %s OFFSET %s",
                        [*params, limit, offset]), total


class PostgresIndex:
    """tsvector columns on the document row. They are written as lexeme lists, never through
    a text search parser: the keys are already normalised, and a parser would drop some of them
    (½, ①) and cap word positions.

    - `words`: every folded key of the page and every pair of neighbouring keys ("hau_giang"),
      searched through a GIN index. A phrase is the AND of its pairs, so matching never needs
      word positions and the GIN answer is exact: PostgreSQL never reads the vector itself. It
      is stored out of line, keeping rows narrow, so a bitmap scan over tens of thousands of
      matches reads a few thousand small rows.
    - `marked_words`: the marked keys, so that an exactly accented page gets a bonus.
    - `head_folded`, `head_marked`: title and identifiers (weight A) and summary (B) with
      positions, for ts_rank (and a GIN index for the newest matches in titles and summaries);
      `head_folded` also holds the identifiers' compact keys, for their bonus.

    Ranking reads only candidates: the newest CANDIDATES matches in titles and summaries, topped
    up with the newest matches anywhere when they are fewer; the other matches follow them,
    newest first.
    Plain index scans are turned off while searching: filtering a date-ordered walk would read
    the out-of-line vector of every row walked, where a bitmap scan of the GIN index reads
    none."""

    CREATE = [
        *(f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {column} tsvector NOT NULL DEFAULT ''"
          for column in ("words", "marked_words", "head_folded", "head_marked")),
        f"ALTER TABLE {TABLE} " + ", ".join(
            f"ALTER COLUMN {column} SET STORAGE EXTERNAL" for column in (
                "words", "marked_words", "head_folded", "head_marked", "body")),
        # move every long value out of the row, however short the row is
        f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)",
        f"CREATE INDEX IF NOT EXISTS portal_search_words_gin ON {TABLE} USING gin (words)",
        f"CREATE INDEX IF NOT EXISTS portal_search_marked_gin ON {TABLE} USING gin "
        "(marked_words)",
        f"CREATE INDEX IF NOT EXISTS portal_search_head_gin ON {TABLE} USING gin (head_folded)",
    ]
    DROP = ["DROP INDEX IF EXISTS portal_search_words_gin",
            "DROP INDEX IF EXISTS portal_search_marked_gin",
            "DROP INDEX IF EXISTS portal_search_head_gin",
            f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
            *(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {column}"
              for column in ("words", "marked_words", "head_folded", "head_marked"))]
    # how many matches are ranked; the rest follow them newest first
    CANDIDATES = 300
    BONUS = 0.3  # for exact accents, and for the query's neighbours side by side, in the text
    IDENTIFIER_BONUS = 2.0  # for an identifier typed whole: above any ranking by words
    WRITE = (f"UPDATE {TABLE} SET head_folded = %s::tsvector, head_marked = %s::tsvector, "
             "words = array_to_tsvector(%s::text[]), "
             "marked_words = array_to_tsvector(%s::text[]) WHERE page_id = %s")
    MAX_POSITION = 16383  # PostgreSQL's limits for word positions
    MAX_POSITIONS = 255

    @classmethod
    def head_vector(cls, title_keys, summary_keys):
        """A tsvector literal of the keys with their positions and weights."""
        positions = {}
        weighted = [(key, "A") for key in title_keys] + [(key, "B") for key in summary_keys]
        for position, (key, weight) in enumerate(weighted[:cls.MAX_POSITION], start=1):
            at = positions.setdefault(key, [])
            if len(at) < cls.MAX_POSITIONS:
                at.append(f"{position}{weight}")
        return " ".join(f"'{key}':{','.join(at)}" for key, at in positions.items())

    @staticmethod
    def lexemes(keys_of_texts, index=0):
        """The keys of each text and the pairs of neighbouring keys within each."""
        found = set()
        for keys in keys_of_texts:
            keys = [key[index] for key in keys]
            found.update(keys)
            if index == 0:
                found.update(f"{a}_{b}" for a, b in zip(keys, keys[1:]))
        return sorted(found)

    @classmethod
    def write_params(cls, page_id, title, summary, body, identifiers=()):
        texts = [search_keys(title), *(search_keys(text) for text in identifiers),
                 search_keys(summary), search_keys(body)]
        heading = [key for keys in texts[:-2] for key in keys]
        compacts = identifier_compacts(identifiers)
        words = cls.lexemes(texts) + compacts + text_compacts(title, summary, body)
        return [cls.head_vector([k[0] for k in heading] + compacts, [k[0] for k in texts[-2]]),
                cls.head_vector([k[1] for k in heading], [k[1] for k in texts[-2]]),
                sorted(set(words)), cls.lexemes(texts, index=1), page_id]

    def write(self, cursor, page_id, title, summary, body, identifiers=()):
        cursor.execute(self.WRITE, self.write_params(page_id, title, summary, body, identifiers))

    def write_many(self, cursor, writes):
        """write() for each of `writes`, sent together (an import's thousands of pages)."""
        cursor.executemany(self.WRITE, [self.write_params(*write) for write in writes])

    def delete(self, cursor, page_id):
        pass  # the vectors go with the row

    @staticmethod
    def _term(keys, index):
        # quoted lexemes: the keys hold no quote or backslash
        return "(" + " <-> ".join(f"'{key[index]}'" for key in keys) + ")"

    @staticmethod
    def _pairs_term(keys):
        if len(keys) == 1:
            return f"'{keys[0][0]}'"
        return "(" + " & ".join(f"'{a[0]}_{b[0]}'" for a, b in zip(keys, keys[1:])) + ")"

    @staticmethod
    def _group(group, term):
        """A group's alternatives OR-ed, each the AND of its phrases written by `term`."""
        return "(" + " | ".join("(" + " & ".join(term(phrase) for phrase in alternative) + ")"
                                for alternative in group) + ")"

    def tsqueries(self, query, require_all):
        """{name: tsquery text}: `words` must match; `head` makes a title candidate; `rank_*`
        score the title and summary; `exact`, `together` and `identifier` earn the bonuses."""
        joiner = " & " if require_all else " | "
        groups, pairs = query.groups, query.pairs
        rank_folded = " | ".join([self._term(p, 0) for p in query.all_phrases] +
                                 [self._term(p, 0) for p in pairs])
        rank_marked = " | ".join([self._term(p, 1) for p in query.typed_phrases] +
                                 [self._term(p, 1) for p in pairs])
        identifier = " | ".join(f"'{key}'" for key in query.compacts)
        words = joiner.join(self._group(group, self._pairs_term) for group in groups)
        head = joiner.join(self._group(group, lambda p: self._term(p, 0)) for group in groups)
        if identifier:  # an identifier typed whole is found even with other words around
            words, head = f"({words}) | {identifier}", f"({head}) | {identifier}"
        return {"words": words, "head": head,
                "rank_folded": rank_folded, "rank_marked": rank_marked,
                "exact": " & ".join(f"'{key[1]}'" for phrase in query.typed_phrases
                                    for key in phrase),
                "together": " & ".join(self._pairs_term(pair) for pair in pairs),
                "identifier": identifier}

    def search(self, query, require_all, filters, order, offset, limit):
        where, params = _where(filters)
        queries = self.tsqueries(query, require_all)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
            found = self._search(cursor, queries, where, params, order, offset, limit)
            # inside an outer transaction SET LOCAL would outlive this block; on an error the
            # block's rollback undoes it
            cursor.execute("RESET enable_seqscan; RESET enable_indexscan")
            return found

    def _search(self, cursor, queries, where, params, order, offset, limit):
        match = f"FROM {TABLE} d WHERE d.words @@ %s::tsquery{where}"
        match_params = [queries["words"], *params]
        total = _count(cursor, match, match_params)
        if not total or offset >= total:
            return [], total
        if order != "relevance":
            return _ids(cursor, f"SELECT d.page_id {match} ORDER BY {_BY_DATE} "
                                     "LIMIT %s OFFSET %s", [*match_params, limit, offset]), total
        newest = f"ORDER BY {_BY_DATE} LIMIT {self.CANDIDATES}"
        # a page matching in its title and summary matches `words` too (it holds their keys
        # and neighbour pairs); asking both would make PostgreSQL read `words` row by row
        candidates = _ids(
            cursor, f"SELECT d.page_id FROM {TABLE} d WHERE d.head_folded @@ %s::tsquery"
                    f"{where} {newest}", [queries["head"], *params])
        if len(candidates) < min(total, self.CANDIDATES):
            found = set(candidates)
            candidates += [page_id for page_id in _ids(
                cursor, f"SELECT d.page_id {match} {newest}", match_params)
                if page_id not in found]
        bonuses = [(column, weight, queries[name]) for name, column, weight in (
            ("exact", "marked_words", self.BONUS), ("together", "words", self.BONUS),
            ("identifier", "head_folded", self.IDENTIFIER_BONUS)) if queries[name]]
        bonus = "".join(f" + {weight} * ({column} @@ %s::tsquery)::int"
                        for column, weight, _query in bonuses)
        ranked = _ids(
            cursor, "SELECT d.page_id FROM (SELECT d.page_id, d.published_at, "
                    "ts_rank(d.head_folded, %s::tsquery, 1) + "
                    f"2 * ts_rank(d.head_marked, %s::tsquery, 1){bonus} AS score "
                    f"FROM {TABLE} d WHERE d.page_id = ANY(%s)) d "
                    f"ORDER BY d.score DESC, {_BY_DATE}",
            [queries["rank_folded"], queries["rank_marked"],
             *(query for _column, _weight, query in bonuses), candidates])
        page = ranked[offset:offset + limit]
        if len(page) < limit and offset + len(page) < total:
            # past the ranked candidates, the other matches follow newest first
            rest_offset = max(0, offset - len(ranked))
            page += _ids(cursor, f"SELECT d.page_id {match} AND NOT d.page_id = ANY(%s) "
                                      f"ORDER BY {_BY_DATE} LIMIT %s OFFSET %s",
                              [*match_params, ranked, limit - len(page), rest_offset])
        return page, total


def get_index(vendor=None):
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgresIndex()
    if vendor == "sqlite":
        return SQLiteIndex()
    raise NotImplementedError(f"No search index for the {vendor} database.")
