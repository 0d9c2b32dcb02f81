"""Reads of the page life cycle for the public pages, kept per content generation
(core.page_cache.kept): a page with no note and no retirement costs no query."""

from core.page_cache import kept

from .models import ChangeNote, Retirement


def _pages_with_a_life():
    ids = set(ChangeNote.objects.filter(published_at__isnull=False)
              .values_list("page_id", flat=True).distinct())
    ids.update(Retirement.objects.filter(kind=Retirement.WITHDRAWN, page__isnull=False)
               .values_list("page_id", flat=True))
    return frozenset(ids)


def _life_of(page_id):
    withdrawal = (Retirement.objects.filter(page_id=page_id, kind=Retirement.WITHDRAWN)
                  .select_related("alternative_page").first())
    notes = [(note.published_at, note.note) for note in
             ChangeNote.objects.filter(page_id=page_id, published_at__isnull=False)]
    return {
        "withdrawal": withdrawal and {"date": withdrawal.created_at,
                                      "explanation": withdrawal.explanation,
                                      "alternative": withdrawal.alternative},
        "notes": [{"date": date, "note": note} for date, note in notes],  # newest first
    }


def page_life(page):
    """{"withdrawal": {date, explanation, alternative} or None, "notes": [{date, note}, …]
    newest first} of a page, or None when it has neither."""
    page_id = getattr(page, "pk", None)
    if page_id is None or page_id not in kept(("lifecycle-pages",), _pages_with_a_life):
        return None
    return kept(("lifecycle", page_id), lambda: _life_of(page_id))


def public_updated_at(page):
    """When the page last changed in a way the public was told about (its latest published
    change note), else when it was first published: GOV.UK's `public_updated_at`."""
    life = page_life(page)
    if life and life["notes"]:
        return life["notes"][0]["date"]
    return page.first_published_at


def gone_at(path, site=None):
    """The removal of the page that was at `path` on `site` (the request's), or None: one
    indexed query (paths are kept as Wagtail's redirects keep them: without the final slash).
    A record that names no site (made before sites were kept) answers on every site."""
    from django.db.models import F, Q
    from wagtail.contrib.redirects.models import Redirect

    on_site = Q(site__isnull=True) | Q(site=site) if site is not None else Q()
    return (Retirement.objects.filter(on_site, path=Redirect.normalise_path(path),
                                      kind=Retirement.GONE)
            .select_related("alternative_page")
            .order_by(F("site_id").desc(nulls_last=True)).first())
