"""The agency's news: the home page, nested categories and articles."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager, _ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import BodyBlock, stream_plain_text
from core.languages import prefixed_languages
from core.listing import public
from core.routing import FastRouteMixin
from core.vietnamese import nfc, slugify_vi
from pages.filters import SectionFilterForm, YearChoiceField
from pages.models import BasePage, SectionIndexPage

from . import selectors

ARTICLES_PER_PAGE = 12


class HomePage(FastRouteMixin, BasePage):
    """The portal's front page: the featured article and the latest news of each category (of
    the first twelve, in the tree's order)."""

    intro = models.TextField(_("introduction"), blank=True)
    summary_fields = ("intro",)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    printable = False
    # addresses answered outside the tree (vnportal/urls.py), and each other content language's
    # prefix (/en/ is the English home page): no child page may take them
    reserved_child_slugs = ("rss", "so-do-cong", "the", "tim-kiem", *prefixed_languages())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        restricted = selectors.restricted_paths()
        context["featured"] = selectors.featured_article(self, restricted)
        context["category_blocks"] = selectors.latest_by_category(self, per_category=4,
                                                                  restricted=restricted)
        if not context["featured"] and not context["category_blocks"]:
            # no news below it (the English home page): its pages in the menus, so that it
            # is more than a header and a footer
            context["menu_pages"] = list(public(
                self.get_children().live().in_menu(), restricted).order_by("path"))
        return context

    def metadata(self, request):
        meta = super().metadata(request)
        # "Trang chủ" alone says little on a shared link: the agency's name with it
        meta.title = self.seo_title or f"{self.title} – {meta.agency}"
        return meta

    def structured_data(self, request, meta):
        """The agency as a GovernmentOrganization, with its contacts."""
        return [meta.organization(full=True), *super().structured_data(request, meta)]

    class Meta:
        verbose_name = _("home page")


class NewsFilterForm(SectionFilterForm):
    nam = YearChoiceField("published_at", label=_("Year"))
    lookups = {"nam": "published_at__year"}


class NewsCategoryPage(SectionIndexPage):
    """A news category ("Tin tức - Sự kiện" › "Tin hoạt động"); lists its articles and those of
    its sub-categories, newest first."""

    item_model = "news.NewsArticlePage"
    filter_form_class = NewsFilterForm
    per_page = ARTICLES_PER_PAGE
    list_template = "news/includes/article_list.html"
    empty_message = _("There is no news in this category yet.")
    has_archive = True  # luu-tru/: by year and month
    parent_page_types = ["news.HomePage", "news.NewsCategoryPage"]
    subpage_types = ["news.NewsCategoryPage", "news.NewsArticlePage"]
    template = "news/news_category_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subcategories"] = selectors.subcategories(self)
        return context

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")


class ArticleTag(TagBase):
    """A tag whose slug is folded from Vietnamese ("Chuyển đổi số" → "chuyen-doi-so")."""

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        super().save(*args, **kwargs)

    def slugify(self, tag, i=None):
        slug = slugify_vi(tag, max_length=90) or "the"
        return f"{slug}-{i}" if i is not None else slug

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")


class _NFCTagManager(_ClusterTaggableManager):
    def _to_tag_model_instances(self, tags, tag_kwargs):
        # Look tags up by their NFC name: "Chuyển đổi số" pasted decomposed is the same tag.
        tags = [nfc(tag) if isinstance(tag, str) else tag for tag in tags]
        return super()._to_tag_model_instances(tags, tag_kwargs)


class NFCTaggableManager(ClusterTaggableManager):
    """Tags of an article; tag names typed or pasted in any Unicode form find the same tag."""

    def __get__(self, instance, model):
        return _NFCTagManager(through=self.through, model=model, instance=instance,
                              prefetch_cache_name=self.name)


class TaggedArticle(ItemBase):
    tag = models.ForeignKey(ArticleTag, related_name="tagged_items", on_delete=models.CASCADE)
    content_object = ParentalKey("news.NewsArticlePage", related_name="tagged_items",
                                 on_delete=models.CASCADE)


class NewsArticlePage(BasePage):
    """One news article: title, lead, date, body of text and captioned photos, byline."""

    listing_order = ("-published_at", "-pk")
    listing_related = ("featured_image",)

    sapo = models.TextField(_("lead (sapo)"), blank=True,
                            help_text=_("One or two sentences shown under the title and in lists."))
    published_at = models.DateTimeField(_("publication date"), default=timezone.now, db_index=True)
    featured_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("featured photo"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    author_name = models.CharField(_("byline"), max_length=255, blank=True,
                                   help_text=_("As printed under the article, e.g. “An Nhiên”; "
                                               "when empty, the author's account name is shown."))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("author's account"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    tags = NFCTaggableManager(through=TaggedArticle, blank=True, verbose_name=_("tags"))
    summary_fields = ("sapo", "first_paragraph")
    legacy_key = models.CharField(_("key in the old portal"), max_length=64, blank=True,
                                  db_index=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("sapo"),
        FieldRowPanel([FieldPanel("published_at"), FieldPanel("is_featured")]),
        FieldPanel("featured_image"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("author_name"), FieldPanel("author"), FieldPanel("source")],
                        heading=_("Byline and source")),
        FieldPanel("tags"),
        InlinePanel("related_links", label=_("Related articles")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("sapo"),
        index.SearchField("body"),
        index.SearchField("author_name"),
        index.FilterField("published_at"),
    ]
    parent_page_types = ["news.NewsCategoryPage"]
    subpage_types = []
    search_kind = "tin-tuc"  # the public search's "what" filter (search.facets)
    search_kind_label = _("News")

    def search_content(self):
        """What the public search indexes (see search.services)."""
        return {"kind": _("News"), "title": self.title, "summary": self.sapo,
                "body": "\n".join(filter(None, [stream_plain_text(self.body), self.author_name])),
                "date": self.published_at}

    @property
    def listing_date(self):
        return self.published_at

    @classmethod
    def listing_queryset(cls, queryset):
        return super().listing_queryset(queryset).prefetch_related(selectors.renditions())

    @property
    def first_paragraph(self):
        return next((block.value for block in self.body if block.block_type == "paragraph"), "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        restricted = selectors.restricted_paths()
        context["tags"] = tags = list(self.tags.all())  # read once: shown and related by
        context["related"] = selectors.related_articles(self, request, restricted=restricted,
                                                        tags=tags)
        context["other_news"] = selectors.other_news_cards(self, request)
        return context

    @property
    def byline(self):
        """The name printed under the article: the byline, else the author's account name."""
        if self.author_name:
            return self.author_name
        if self.author_id:
            return self.author.get_full_name() or self.author.get_username()
        return ""

    def metadata(self, request):
        """An "article" with its photo, byline and dates; its category as its section."""
        meta = super().metadata(request)
        meta.type = "article"
        meta.image = self.featured_image
        if self.featured_image_id:
            meta.image_alt = self.featured_image.default_alt_text
        meta.published = self.published_at
        meta.modified = max(filter(None, [self.published_at, self.last_published_at]))
        meta.creator = self.byline
        if len(meta.breadcrumb) > 1:
            meta.section = meta.breadcrumb[-2][0]
        return meta

    def structured_data(self, request, meta):
        return [meta.news_article(), *super().structured_data(request, meta)]

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")


class RelatedArticle(Orderable):
    page = ParentalKey(NewsArticlePage, related_name="related_links", on_delete=models.CASCADE)
    article = models.ForeignKey(NewsArticlePage, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("article"))

    panels = [FieldPanel("article")]
