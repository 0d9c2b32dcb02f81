"""Merging one site of the install into another (an agency taken over by another: the Sở
Thông tin và Truyền thông into the Sở Khoa học và Công nghệ, 2025).

`merge_site(old, new, section)` moves every page below the old site's home page, with its
history, under `section` of the new site (its home page by default), records each page's old
address on each of the old site's hostnames (its own and its aliases) as an old address of
the new site (oldurls), so that `http://old-host/some/page/` answers 301 to that page's new
address, page by page, and never all to the new home page. The old home page itself leads to
`section`. The old site is marked merged (`MergedSite`): its row stays with its settings and
visit counts, its home page is unpublished, and oldurls answers its hostnames before any page
is looked for. All of it in one transaction."""

from django.db import transaction
from django.utils.translation import gettext as _

from pages.bulk import _free_slug


class MergeError(Exception):
    """The merge cannot be done; the message (Vietnamese) says why. Nothing was changed."""


def _rename(page, slug, user):
    """A new slug for `page`, its subpages' addresses following (Wagtail's full save), and a
    revision of it, so that the editor's next edit starts from the new slug."""
    page.slug = slug
    page.save(clean=False)
    if not page.has_unpublished_changes:
        revision = page.save_revision(user=user, clean=False)
        if page.live:
            revision.publish(user=user, skip_permission_checks=True)


def _kept_addresses(old):
    """What the old site's own addresses answered besides its pages, to answer the same on
    its hostnames once merged: its mappings for no old hostname in particular, its redirects
    (Settings › Redirects, lifecycle's) and its removed pages (410), as oldurls items."""
    from wagtail.contrib.redirects.models import Redirect

    from lifecycle.models import Retirement
    from oldurls.models import OldUrl

    items = [{"old_url": mapping.old_url, "page": mapping.target_page,
              "target_url": mapping.target_url, "status": mapping.status,
              "is_prefix": mapping.is_prefix}
             for mapping in OldUrl.objects.filter(site=old, old_host__isnull=True)
             .select_related("target_page")]
    for redirect in Redirect.objects.filter(site=old).select_related("redirect_page"):
        if redirect.redirect_page is not None or redirect.redirect_link:
            items.append({"old_url": redirect.old_path, "page": redirect.redirect_page,
                          "target_url": "" if redirect.redirect_page else redirect.redirect_link})
    for gone in Retirement.objects.filter(site=old, kind=Retirement.GONE):
        items.append({"old_url": gone.path or "/", "status": OldUrl.GONE})
    return _valid(old, items)


def _valid(site, items):
    """The items oldurls accepts (a redirect to a host it does not allow is left out)."""
    from django.core.exceptions import ValidationError

    from oldurls.services import _mapping

    good = []
    for item in items:
        try:
            _mapping(site, None, **item)
        except ValidationError:
            continue
        good.append(item)
    return good


@transaction.atomic
def merge_site(old, new, section=None, user=None):
    """Merge site `old` into site `new` below `section` (a page of `new`; its home page when
    None). Returns the MergedSite record."""
    from wagtail.models import Page

    from oldurls import services as oldurls

    from .models import MergedSite, SiteAlias

    if old.pk == new.pk:
        raise MergeError(_("A site cannot be merged into itself."))
    if MergedSite.objects.filter(site=old).exists():
        raise MergeError(_("%(host)s has been merged already.") % {"host": old.hostname})
    if MergedSite.objects.filter(site=new).exists():
        raise MergeError(_("%(host)s was merged into another site: merge into that one.")
                         % {"host": new.hostname})
    if old.is_default_site:
        raise MergeError(_("%(host)s is the default site: make %(new)s the default site first "
                           "(Settings › Sites).") % {"host": old.hostname, "new": new.hostname})
    target = (section or new.root_page).specific
    if not target.path.startswith(new.root_page.path):
        raise MergeError(_("The section must be a page of %(host)s.") % {"host": new.hostname})
    old_home = old.root_page.specific
    hostnames = [old.hostname] + list(SiteAlias.objects.filter(site=old)
                                      .values_list("hostname", flat=True))
    # every page's address on the old site, before anything moves
    addresses = []
    for page in Page.objects.descendant_of(old_home).specific().iterator():
        parts = page.get_url_parts()
        if parts is not None:
            addresses.append((parts[2], page))
    record = MergedSite.objects.create(site=old, into=new, hostnames="\n".join(hostnames),
                                       pages=len(addresses))
    SiteAlias.objects.filter(site=old).delete()  # its aliases become old hostnames too
    kept = _kept_addresses(old)
    for hostname in hostnames:
        oldurls.record_many(new, hostname, [("/", target)] + addresses + kept)
    moved = 0
    for child in list(old_home.get_children().specific()):
        slug = _free_slug(child.slug, set(target.get_children().values_list("slug", flat=True)))
        if slug != child.slug:  # a section of the same name there ("tin-tuc"): "tin-tuc-2"
            _rename(child, slug, user)
        child.move(target, pos="last-child", user=user)
        moved += 1
    if old_home.live:
        old_home.unpublish(user=user)
    if not moved and not addresses:
        raise MergeError(_("%(host)s has no page to merge.") % {"host": old.hostname})
    return record
