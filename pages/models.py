"""The page kit: the base class of every public page, the section index page that lists its
items with filters, pagination, a count and a feed, the shared pieces item pages use (terms of
a vocabulary, attached files), and the plain page.

A new section type is a page model on `BasePage` (its fields, panels, `search_content()`,
`listing_order`), a `SectionIndexPage` subclass naming it and its filter form, templates and
demo content: see README, "Adding a section type"."""

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_lazy as wagtail_text
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from core.blocks import BodyBlock, stream_plain_text
from core.listing import month_counts, paginate_or_404, public
from core.models import NFCModelMixin, VietnamesePageMixin
from core.page_cache import PAGE_HEADER, kept, uses_query
from core.ratelimit import refusal
from core.vietnamese import slugify_vi
from portlets.models import PortletPageMixin
from search.forms import has_words

from .feeds import feed_error, section_feed
from .filters import SectionFilterForm
from .forms import PageCopyForm


CONTENT_PANELS_HOOK = "base_page_content_panels"


class BasePage(PortletPageMixin, VietnamesePageMixin, Page):
    """Every public page of the portal: NFC text and folded slugs, portlets, a meta description
    from `summary_fields`, and what lists and feeds show of it."""

    summary_fields = ()
    copy_form_class = PageCopyForm
    # the order of the page in its section's list and feed (fields of the page's own table
    # first: a list must be ordered without a join)
    listing_order = ("-first_published_at", "-pk")
    # foreign keys a list shows (joined, not queried per item)
    listing_related = ()

    # the page shows the "In trang" (print) control and its print-only address: item and
    # content pages; not lists (SectionIndexPage) nor the home page
    printable = True

    # the page may be withdrawn, removed or redirected (lifecycle): False for a page its
    # section's route renders (a week of the work schedule), on which none would show
    retirable = True

    class Meta:
        abstract = True

    @property
    def listing_date(self):
        """The date a list and a feed show: when the item was issued or published."""
        return self.first_published_at

    @cached_classmethod
    def get_edit_handler(cls):
        """Wagtail's tabs (Content, Promote, Settings), the Content tab ending with the panels
        other apps add to every page through the `base_page_content_panels` hook (a function
        of the page class returning panels; lifecycle's public change note). A panel may bring
        the form fields it shows, that are no field of the page, as `form_fields`."""
        extra = [panel for make in hooks.get_hooks(CONTENT_PANELS_HOOK) for panel in make(cls)]
        if hasattr(cls, "edit_handler") or not extra:
            from wagtail.admin.panels.page_utils import _get_page_edit_handler
            return _get_page_edit_handler.fn(cls)
        form_class = cls.base_form_class
        fields = {name: field for panel in extra
                  for name, field in getattr(panel, "form_fields", {}).items()}
        if fields:
            form_class = type(form_class)(form_class.__name__, (form_class,), fields)
        # Wagtail's headings, in Wagtail's catalog (not extracted into ours)
        tabs = [ObjectList([*cls.content_panels, *extra], heading=wagtail_text("Content"))]
        tabs += [ObjectList(panels, heading=wagtail_text(heading)) for panels, heading in (
            (cls.promote_panels, "Promote"), (cls.settings_panels, "Settings")) if panels]
        return TabbedInterface(tabs, base_form_class=form_class).bind_to_model(cls)
    def metadata(self, request):
        """What the head of the page tells search engines and social networks
        (pages.metadata.Metadata): a page type overrides it to give its type ("article"),
        photo, byline or dates."""
        from .metadata import page_metadata

        return page_metadata(self, request)

    def structured_data(self, request, meta):
        """The schema.org objects of the page, each written as a JSON-LD script: its
        BreadcrumbList; a page type adds its own (a NewsArticle, a GovernmentService)."""
        return [data for data in [meta.breadcrumb_list()] if data]

    @classmethod
    def listing_queryset(cls, queryset):
        """`queryset` made ready for a list: joined, long fields deferred, ordered."""
        if cls.listing_related:
            queryset = queryset.select_related(*cls.listing_related)
        return queryset.defer_streamfields().order_by(*cls.listing_order)


class SectionIndexPage(RoutablePageMixin, BasePage):
    """A section (Văn bản, Thủ tục hành chính, a news category…): lists the live, public pages
    of `item_model` below it, filtered by `filter_form_class` from the query string, paginated
    (`?trang=2`), with a count; `rss/` is a feed of the same filtered list. Bad filter values
    are shown as form errors with a 400, a page number that is no page is a 404."""

    intro = models.TextField(_("introduction"), blank=True)
    summary_fields = ("intro",)

    item_model = None  # the page model listed: a class or "app_label.ModelName"
    reserved_child_slugs = ("rss", "luu-tru")  # answered by the section itself (core.forms)
    filter_form_class = SectionFilterForm
    per_page = 20
    feed_size = 30
    search_section = True      # the public search can be narrowed to a section
    has_editor_groups = True   # editorial gives it its own writer, editor and approver groups
    list_template = "pages/includes/item_list.html"  # how one page of items is shown
    printable = False
    empty_message = _("Nothing has been published here yet.")
    # luu-tru/: the items by year and month (pages.archive); needs items listed newest first
    # by a date (item_months)
    has_archive = False

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    template = "pages/section_index_page.html"

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        # Wagtail names a template after each page class: a section without its own falls
        # back to the kit's
        return [super().get_template(request, *args, **kwargs), "pages/section_index_page.html"]

    @classmethod
    def get_item_model(cls):
        if isinstance(cls.item_model, str):
            return apps.get_model(cls.item_model)
        return cls.item_model

    def items(self, restricted=None):
        """The section's live public items, ready for a list (not yet filtered)."""
        model = self.get_item_model()
        queryset = public(model.objects.live().descendant_of(self), restricted)
        return model.listing_queryset(queryset)

    def item_months(self):
        """(date field, `core.listing.month_counts` of the unfiltered items) when the items are
        listed newest first by a date that is never empty, else None: kept per content
        generation (core.page_cache.kept). It gives the list's count, the pages deep in it
        and the years of the filter, without reading every item for each."""
        from django.utils import timezone

        model = self.get_item_model()
        order = model.listing_order[0]
        field = model._meta.get_field(order[1:]) if order.startswith("-") else None
        if not isinstance(field, models.DateField) or field.null:
            return None
        return field.name, kept(("months", self.pk, timezone.get_current_timezone_name()),
                                lambda: month_counts(self.items(), field.name))

    def listing(self, request):
        """(filter form, the filtered items); the items are unfiltered when the form has
        errors."""
        form = self.filter_form_class(request.GET or None, section=self)
        uses_query(request, "trang", *form.fields)
        items = self.items()
        if form.is_bound and form.is_valid():
            items = form.filter_queryset(items)
        return form, items

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form, items = self.listing(request)
        context["filter_form"] = form
        context["feed_url"] = self.feed_url(request)
        if self.has_archive:
            context["archive_url"] = self.get_url(request) + self.reverse_subpage("archive")
        if not form.errors:
            context["items"] = paginate_or_404(
                items, request.GET.get("trang"), self.per_page,
                months=None if form.is_filtered else self.item_months())
        return context

    @classmethod
    def feed_path(cls):
        """The feed's address below the section's."""
        return cls.get_resolver().reverse("feed")

    def feed_url(self, request):
        query = request.GET.copy()
        query.pop("trang", None)
        url = self.get_url(request) + self.reverse_subpage("feed")
        return f"{url}?{query.urlencode()}" if query else url

    def serve(self, request, *args, **kwargs):
        # words to look for in the list (or its feed) are a search: the same rate limit
        refused = refusal(request, "search") if has_words(request) else None
        if refused is not None:
            return refused
        # a route's view answers without Wagtail's serve(): name the page for the visit
        # counter and the page cache all the same (core.models.VietnamesePageMixin)
        response = super().serve(request, *args, **kwargs)
        response.setdefault(PAGE_HEADER, str(self.pk))
        return response

    @path("")
    def index_route(self, request, *args, **kwargs):
        response = self.render(request)
        if response.context_data["filter_form"].errors:
            response.status_code = 400
        return response

    @path("rss/", name="feed")
    def feed(self, request):
        form, items = self.listing(request)
        if form.errors:
            return feed_error(form)
        return section_feed(request, self, list(items[: self.feed_size]), form)

    @path("luu-tru/", name="archive")
    def archive_index(self, request):
        from . import archive

        return archive.archive_response(request, self)

    @path("luu-tru/<int:year>/", name="archive_year")
    def archive_year(self, request, year):
        from . import archive

        return archive.archive_response(request, self, year)

    @path("luu-tru/<int:year>/<int:month>/", name="archive_month")
    def archive_month(self, request, year, month):
        from . import archive

        return archive.archive_response(request, self, year, month)

    def chrome_context(self, request):
        """The context of the section's own pages that are not its list (its archive): the
        page's chrome, without reading the list."""
        return super().get_context(request)


class Term(NFCModelMixin, models.Model):
    """A term of a vocabulary shared by the items of a section: an issuing agency, a field
    (lĩnh vực). Lists filter by its slug, so filtered addresses stay readable and stable."""

    vocabulary = models.CharField(_("vocabulary"), max_length=50, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("address"), max_length=100, allow_unicode=False)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["vocabulary", "name"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "slug"], name="pages_term_unique_slug"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_term_slug(self.vocabulary, self.name, self.pk)
        super().save(*args, **kwargs)

    @classmethod
    def get_or_create_named(cls, vocabulary, name):
        """The term of `vocabulary` called `name`, created when missing; None for an empty name.
        Names are compared as the search compares words: Unicode form, case, spacing and tone
        placement aside ("UỶ BAN" is "Ủy ban"), but not accents ("Ủy" is not "Uy")."""
        from core.vietnamese import nfc, search_forms

        name = " ".join(nfc(name or "").split())
        if not name:
            return None
        marked = search_forms(name)[1]
        for term in cls.objects.filter(vocabulary=vocabulary, slug__startswith=slugify_vi(
                name, max_length=90)[:20]):
            if search_forms(term.name)[1] == marked:
                return term
        return cls.objects.create(vocabulary=vocabulary, name=name)


def unique_term_slug(vocabulary, name, exclude=None):
    base = slugify_vi(name, max_length=90) or "muc"
    taken = set(Term.objects.filter(vocabulary=vocabulary, slug__startswith=base)
                .exclude(pk=exclude).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


class AttachmentBase(Orderable):
    """A file attached to an item page (the signed text of a document, a form to fill in, a
    results report). Subclasses add `page = ParentalKey(TheirPage, related_name="attachments")`.
    The file is downloaded through the checked /tai-lieu/ address; it is public once the page
    that uses it is published and public (downloads.selectors)."""

    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE,
                                 related_name="+", verbose_name=_("file"))
    title = models.CharField(_("title shown"), max_length=255, blank=True,
                             help_text=_("Left empty, the file's own title is shown."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    @property
    def shown_title(self):
        return self.title or self.document.title


def attached(page):
    """The attachment rows of `page` (its `attachments`), each with its document read: none
    is read again when an import has prefetched them, one query for them all otherwise."""
    from django.db.models import prefetch_related_objects

    rows = list(page.attachments.all())
    prefetch_related_objects(rows, "document")
    return rows


class TextPage(BasePage):
    """The kit's page of text: an introduction and a body of text and photos, both searched.
    A page type of this kind (the standard page, the accessibility page, the organisation)
    adds its own fields, panels and context; `search_kind_text` is what the search results
    call it. A subclass may redefine `body` to give it its own label."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    summary_fields = ("intro",)
    search_kind_text = _("Page")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        abstract = True

    def search_content(self):
        """What the public search indexes (see search.services)."""
        return {"kind": self.search_kind_text, "title": self.title, "summary": self.intro,
                "body": stream_plain_text(self.body), "date": self.last_published_at}


class StandardPage(TextPage):
    """A plain page of text and photos."""

    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


def local_datetime(value):
    """A date or datetime as an aware datetime (a date is its local midnight): for feeds."""
    from datetime import date, datetime, time

    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time.min))
    return None
