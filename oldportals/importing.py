"""Importing a whole old portal (`manage.py import_old_site`): every page the crawl holds
becomes a page of the site, and its old address answers 301 to it (oldurls).

- **Identity** is the old hostname and the normalised old address (`ImportedItem`), never the
  title and date: two old pages of the same title on the same day stay two articles. A page
  read again with the same bytes is skipped; with other bytes, its page gets a new revision.
- **Batches**: new pages are written `BATCH` at a time by the kit's `ChildWriter`, each batch
  with its photos, its `ImportedItem`s and its redirects in one transaction. A crash or Ctrl-C
  loses at most the batch under way, whose photo files are removed; the next run skips what
  was written and goes on. A batch that fails is written again page by page, so one bad page
  is reported and the others kept.
- **Where things go**: articles into the news category their breadcrumb (or their address)
  names, created when missing below the news section (`--into`, else the site's "Tin tức",
  made when the site has none); with `--category`, all of them into that one. Documents whose
  number, date and type are read into the site's Văn bản section, with their files. Any other
  page (a procedure, a document without those, an "about" page) is a plain page below one
  page per old site, "Trang từ cổng cũ …", kept out of the menu.
- **Indexes** (search, references) are updated once per batch, after it is written."""

import hashlib
import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as day_time
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from core.vietnamese import fold, slugify_vi
from multisite.selectors import site_collection
from news.importer import OldPageError
from news.models import NewsArticlePage, NewsCategoryPage
from news.services import _body
from oldurls import normalise
from oldurls import services as oldurls
from pages.bulk import ChildWriter
from pages.models import StandardPage
from pages.sheets import bulk_indexing, update_indexes

from . import platforms
from .models import ImportedItem
from .parse import parse_resource
from .sources import open_source

logger = logging.getLogger(__name__)
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 200


class ImportSetupError(Exception):
    """The import cannot start (no such folder, site or section); the message says why."""


@dataclass
class Report:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list = field(default_factory=list)         # (old address, reason)
    failed: list = field(default_factory=list)          # (old address, reason)
    missing_photos: list = field(default_factory=list)  # (old address, the photo's address)
    plain: list = field(default_factory=list)  # documents and procedures made plain pages
    categories: list = field(default_factory=list)      # titles of the categories created
    seconds: float = 0.0

    @property
    def read(self):
        return (self.imported + self.updated + self.unchanged + len(self.skipped)
                + len(self.failed))


def url_key(old_url):
    """The identity of an old address: the hash of its normalised form."""
    _host, normalised = normalise.normalise(old_url)
    return hashlib.sha256(normalised.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass
class _Entry:
    old_url: str
    item: object
    key: str
    checksum: str
    page: object = None
    parent: object = None
    resource: object = None  # what was read: its files are found relative to it


class SiteImport:
    def __init__(self, path, host, site=None, into=None, category=None, publish=True,
                 user=None, progress=None, batch=None):
        from wagtail.models import Site

        self.host = normalise.normalise(f"http://{host.strip().lower()}/")[0] if host else ""
        if not self.host:
            raise ImportSetupError(_("Give the old portal's hostname (--host)."))
        try:
            self.source = open_source(path, self.host)
        except FileNotFoundError:
            raise ImportSetupError(_("There is no file or folder “%(path)s”.") % {"path": path})
        if site is None:
            site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        elif isinstance(site, str):
            found = Site.objects.filter(hostname=site.strip().lower()).first()
            if found is None:
                raise ImportSetupError(_("No site has the hostname “%(host)s” (see "
                                         "create_site).") % {"host": site})
            site = found
        if site is None:
            raise ImportSetupError(_("There is no site to import into: run migrate first."))
        self.site = site
        self.collection = site_collection(site)  # its photos go to the site's own media
        self.home = site.root_page.specific
        self.publish, self.user, self.progress = publish, user, progress
        self.batch = batch or BATCH
        self.report = Report()
        self.news_root = self._news_root(into)
        self.only_category = self._category_path(category) if category else None
        self._categories = {}
        self._container = None
        self._writers = {}

    # where pages go -----------------------------------------------------------------------

    def _publish_child(self, parent, page):
        parent.add_child(instance=page)
        revision = page.save_revision(user=self.user)
        if self.publish:
            revision.publish(user=self.user)
        return page.__class__.objects.get(pk=page.pk)

    def _news_root(self, into):
        if into:
            parts = [part for part in str(into).strip("/").split("/") if part]
            page = self.home
            for part in parts:
                page = page.get_children().filter(slug=part).specific().first()
                if page is None:
                    raise ImportSetupError(_("The site has no section “%(path)s” (--into).")
                                           % {"path": into})
            if not isinstance(page, NewsCategoryPage):
                raise ImportSetupError(_("“%(path)s” is no news section: --into names a news "
                                         "category or the news section.") % {"path": into})
            return page
        found = NewsCategoryPage.objects.child_of(self.home).order_by("path").first()
        if found is not None:
            return found
        root = self._publish_child(self.home, NewsCategoryPage(
            title="Tin tức", slug="tin-tuc", show_in_menus=True))
        self.report.categories.append(root.title)
        return root

    def _category_path(self, text):
        names = [part for part in str(text).strip("/").split("/") if part]
        return tuple(names)

    def _category(self, names):
        """The news category below the news section named by `names` (titles or slugs,
        outermost first), each created when missing."""
        names = tuple(name for name in names
                      if fold(name) not in (fold(self.news_root.title), "trang chu", "home"))
        if names in self._categories:
            return self._categories[names]
        parent = self.news_root if not names else self._category(names[:-1])
        if names:
            name = names[-1]
            slug = slugify_vi(name)[:80] or "chuyen-muc"
            children = NewsCategoryPage.objects.child_of(parent)
            found = (children.filter(slug=slug).first()
                     or next((child for child in children if fold(child.title) == fold(name)),
                             None))
            if found is None:
                title = name if any(ch.isupper() or ch == " " for ch in name) else \
                    name.replace("-", " ").capitalize()
                found = self._publish_child(parent, NewsCategoryPage(title=title, slug=slug))
                self.report.categories.append(found.title)
            parent = found
        self._categories[names] = parent
        return parent

    def _plain_parent(self):
        if self._container is None:
            slug = f"cong-cu-{slugify_vi(self.host)}"[:80]
            found = StandardPage.objects.child_of(self.home).filter(slug=slug).first()
            self._container = found or self._publish_child(self.home, StandardPage(
                title=_("Pages from the old portal %(host)s") % {"host": self.host},
                slug=slug, show_in_menus=False,
                intro=_("Pages imported from the old portal %(host)s.") % {"host": self.host}))
        return self._container

    def _writer(self, parent):
        if parent.pk not in self._writers:
            self._writers[parent.pk] = ChildWriter(parent, publish=self.publish, user=self.user)
        return self._writers[parent.pk]

    # pages ---------------------------------------------------------------------------------

    def _legal_section(self):
        """The site's Văn bản section, made ("Văn bản", /van-ban/) when it has none."""
        from legal.models import LegalDocumentIndexPage

        if getattr(self, "_legal", None) is None:
            self._legal = (LegalDocumentIndexPage.objects.descendant_of(self.home)
                           .order_by("path").first()
                           or self._publish_child(self.home, LegalDocumentIndexPage(
                               title="Văn bản", slug="van-ban", show_in_menus=True)))
        return self._legal

    def _document(self, item):
        """(the Văn bản section, a new LegalDocumentPage) for a document page whose number,
        date issued and type could be read, filled as the spreadsheet importer of documents
        fills one (its issuing agency and field are the shared terms); (None, the document)
        when the site has that number already; None when it is no readable document."""
        from legal.models import LegalDocumentPage, number_key
        from legal.sheets import LegalDocumentImporter, document_type
        from pages.sheets import CellError, Row

        fields = item.fields
        number, issued = str(fields.get("number") or "").strip(), fields.get("issued_on")
        if not number or not isinstance(issued, date) or len(number) > 100:
            return None
        kind = None
        # the type as the page names it, else the first words of its title ("Quyết định
        # ban hành…", "Kế hoạch ứng dụng…")
        for text in filter(None, (fields.get("document_type"), item.title)):
            for candidate in (text, " ".join(fold(text).split()[:2])):
                try:
                    kind = document_type(candidate)
                except CellError:
                    continue
                if kind:
                    break
            if kind:
                break
        if kind is None:
            return None
        known = LegalDocumentPage.objects.filter(number_key=number_key(number)).first()
        if known is not None:
            return None, known
        if getattr(self, "_legal_filler", None) is None:  # its fill() and its terms, no sheet
            self._legal_filler = LegalDocumentImporter(".", publish=self.publish, user=self.user)
        page = LegalDocumentPage(owner=self.user)
        self._legal_filler.fill(page, Row(0, {
            "number": number, "doc_type": kind, "issued_on": issued,
            "summary": str(fields.get("summary") or item.title)[:2000],
            "issuer": str(fields.get("issuer") or "")[:255],
            "signer": str(fields.get("signer") or "")[:255],
            "field": str(fields.get("field") or "")[:255]}))
        page.first_published_at = datetime.combine(issued, day_time(0, 0), tzinfo=VN_TZ)
        return self._legal_section(), page

    def _attachments(self, entry):
        """The files a document page links to that the crawl holds, as Wagtail documents in
        the site's collection, each checked as an upload is; those refused or missing are
        reported."""
        from django.core.exceptions import ValidationError
        from django.core.files.base import ContentFile

        from core.uploads import check_document
        from legal.models import LegalDocumentAttachment
        from pages.sheets import stored_document

        rows = []
        for attachment in entry.item.attachments:
            data = self.source.find(attachment.url, entry.resource)
            name = attachment.url.rsplit("/", 1)[-1].split("?", 1)[0] or "tep"
            if data is None:
                self.report.missing_photos.append((entry.old_url, attachment.url))
                continue
            try:
                check_document(ContentFile(data, name=name))
            except ValidationError as error:
                self.report.failed.append((attachment.url, " ".join(error.messages)))
                continue
            rows.append(LegalDocumentAttachment(document=stored_document(
                data, attachment.title or name, name, self.collection)))
        entry.page.attachments = rows

    def _new_page(self, item):
        if item.kind == platforms.DOCUMENT:
            found = self._document(item)
            if found is not None:
                return found
        if item.kind == platforms.ARTICLE and item.date is not None:
            names = self.only_category or item.breadcrumb or ()
            parent = self._category(names) if names else self.news_root
            published = datetime.combine(item.date, day_time(0, 0), tzinfo=VN_TZ)
            page = NewsArticlePage(title=item.title, published_at=published,
                                   first_published_at=published, author_name=item.byline[:255],
                                   source=item.source[:255], owner=self.user)
            return parent, page
        if item.kind in (platforms.DOCUMENT, platforms.PROCEDURE):
            self.report.plain.append((item.old_url, item.kind))
        summary = item.fields.get("summary") or item.fields.get("trich_yeu") or ""
        page = StandardPage(title=item.title, intro=str(summary)[:1000], owner=self.user)
        return self._plain_parent(), page

    def _link_known(self, entry):
        with transaction.atomic():
            ImportedItem.objects.update_or_create(
                old_host=self.host, url_key=entry.key,
                defaults={"old_url": entry.old_url[:4096], "page": entry.page,
                          "kind": entry.item.kind, "checksum": entry.checksum})
            self._redirect([entry])
        self.report.unchanged += 1

    def _fill_body(self, entry, images):
        item, page = entry.item, entry.page
        if not hasattr(page, "body"):  # a legal document: its files, not a body
            self._attachments(entry)
            return
        body = _body(item, images, self.collection)
        page.body = body
        if isinstance(page, NewsArticlePage):  # the list's picture: the first photo
            page.featured_image_id = next((block["value"]["image"] for block in body
                                           if block["type"] == "photo"
                                           and block["value"]["image"]), None)
        for src in item.missing_photos:
            self.report.missing_photos.append(
                (entry.old_url, src or _("only its caption was saved, not the photo")))

    # the run -------------------------------------------------------------------------------

    def run(self):
        started = time.monotonic()
        # the old portal's home page leads to the site's: it is no page of content to import
        oldurls.record(self.site, self.host, "/", self.home)
        total = self.source.count()
        done = 0
        batch = []
        try:
            for resource in self.source:
                batch.append(resource)
                if len(batch) >= self.batch:
                    self._run_batch(batch)
                    done += len(batch)
                    batch = []
                    self._progress(done, total, started)
            if batch:
                self._run_batch(batch)
                done += len(batch)
                self._progress(done, total, started)
        finally:  # stopped too (Ctrl-C): the report says how far it went
            self.report.seconds = time.monotonic() - started
        return self.report

    def _progress(self, done, total, started):
        if self.progress:
            self.progress(done, total, time.monotonic() - started)

    def _read(self, resources):
        entries = []
        for resource in resources:
            try:
                item = parse_resource(resource, self.source)
            except OldPageError as error:
                self.report.failed.append((resource.old_url, str(error)))
                continue
            except Exception as error:  # a bug must not stop the other pages
                logger.exception("reading %s failed", resource.old_url)
                self.report.failed.append((resource.old_url, _("unexpected error (%(error)s)")
                                           % {"error": type(error).__name__}))
                continue
            if item.kind == platforms.SKIP:
                self.report.skipped.append((resource.old_url, item.skip_reason))
                continue
            try:
                key = url_key(resource.old_url)
            except normalise.BadUrl:
                self.report.failed.append((resource.old_url, _("the old address is invalid")))
                continue
            entries.append(_Entry(resource.old_url, item, key,
                                  hashlib.sha1(resource.body).hexdigest(), resource=resource))
        return entries

    def _run_batch(self, resources):
        entries = self._read(resources)
        seen = {}
        for entry in entries:  # one page per old address, the first read
            if entry.key in seen:
                self.report.skipped.append((entry.old_url, _("the same old address as %(url)s")
                                            % {"url": seen[entry.key].old_url}))
            else:
                seen[entry.key] = entry
        entries = list(seen.values())
        known = {record.url_key: record for record in ImportedItem.objects.filter(
            old_host=self.host, url_key__in=[entry.key for entry in entries])
            .select_related("page")}
        new = []
        for entry in entries:
            record = known.get(entry.key)
            if record is None or record.page is None:
                new.append(entry)
            elif record.checksum == entry.checksum:
                self.report.unchanged += 1
            else:
                self._update(entry, record)
        for entry in new:
            entry.parent, entry.page = self._new_page(entry.item)
        for entry in [entry for entry in new if entry.parent is None]:
            # a document the site has already (the same number): its old address leads there
            new.remove(entry)
            self._link_known(entry)
        try:
            self._write(new)
        except KeyboardInterrupt:
            raise
        except Exception:
            logger.exception("a batch of %d pages failed; writing them one by one", len(new))
            for entry in new:
                try:
                    entry.parent, entry.page = self._new_page(entry.item)
                    self._write([entry])
                except KeyboardInterrupt:
                    raise
                except Exception as error:
                    self.report.failed.append((entry.old_url, _("cannot be written (%(error)s)")
                                               % {"error": error}))

    def _write(self, entries):
        if not entries:
            return
        images = []
        try:
            with transaction.atomic(), bulk_indexing(NewsArticlePage):
                for entry in entries:
                    self._fill_body(entry, images)
                by_parent = {}
                for entry in entries:
                    by_parent.setdefault(entry.parent.pk, (entry.parent, []))[1].append(entry)
                for parent, group in by_parent.values():
                    writer = self._writer(parent)
                    writer.write([entry.page for entry in group])
                    writer.close()  # the parent counts them in the same transaction
                ImportedItem.objects.bulk_create([ImportedItem(
                    old_host=self.host, url_key=entry.key, old_url=entry.old_url[:4096],
                    page_id=entry.page.pk, kind=entry.item.kind, checksum=entry.checksum)
                    for entry in entries], update_conflicts=True,
                    unique_fields=["old_host", "url_key"],
                    update_fields=["page", "kind", "checksum", "imported_at", "old_url"])
                self._redirect(entries)
        except BaseException:
            for writer in self._writers.values():
                writer.written = 0
            for image in images:
                image.file.storage.delete(image.file.name)
            self._writers.clear()  # positions and slugs read again from the database
            raise
        self.report.imported += len(entries)
        for model in {type(entry.page) for entry in entries}:
            ids = [entry.page.pk for entry in entries if type(entry.page) is model]
            update_indexes(model, ids, created=ids)

    def _redirect(self, entries):
        pairs = []
        for entry in entries:
            for url in (entry.old_url, *entry.item.aliases):
                pairs.append((url, entry.page))
        oldurls.record_many(self.site, self.host, pairs)

    def _update(self, entry, record):
        """An old page read again with other bytes: a new revision of its page."""
        page = record.page.specific
        if page.has_unpublished_changes:
            page = page.get_latest_revision_as_object()
        images = []
        try:
            with transaction.atomic():
                page.title = entry.item.title or page.title
                entry.page = page
                self._fill_body(entry, images)
                if isinstance(page, NewsArticlePage) and entry.item.date is not None:
                    page.published_at = datetime.combine(entry.item.date, day_time(0, 0),
                                                         tzinfo=VN_TZ)
                    page.author_name = entry.item.byline[:255]
                revision = page.save_revision(user=self.user)
                if self.publish:
                    revision.publish(user=self.user)
                record.checksum = entry.checksum
                record.save(update_fields=["checksum", "imported_at"])
                self._redirect([entry])
        except Exception as error:
            for image in images:
                image.file.storage.delete(image.file.name)
            self.report.failed.append((entry.old_url, _("cannot be updated (%(error)s)")
                                       % {"error": error}))
            return
        self.report.updated += 1
