"""Pages written straight into Wagtail's tree for the benchmarks' large sites: making them one
by one through Wagtail would take hours."""


def step(n):
    """The `n`-th path step of Wagtail's tree (four base-36 digits)."""
    alphabet, digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", ""
    for _ in range(4):
        n, rem = divmod(n, 36)
        digits = alphabet[rem] + digits
    return digits


def copy_pages(cursor, depth, rows, template_pk, columns):
    """Insert page rows [(path, slug, title, url_path), …] at `depth`, each a copy of the page
    `template_pk` in `columns`; {path: new id}."""
    cursor.execute(
        "INSERT INTO wagtailcore_page (path, depth, numchild, title, draft_title, slug,"
        f" url_path, translation_key, {', '.join(columns)}) SELECT v.path, %s, 0, "
        "v.title, v.title, v.slug, v.url_path, gen_random_uuid(), "
        f"{', '.join('t.' + c for c in columns)} FROM wagtailcore_page t, "
        "(SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[])"
        " AS v(path, slug, title, url_path)) v WHERE t.id = %s RETURNING path, id",
        [depth, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
         [r[3] for r in rows], template_pk])
    return dict(cursor.fetchall())
