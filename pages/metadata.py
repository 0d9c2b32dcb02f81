"""What a public page tells machines about itself: the canonical address, OpenGraph and Twitter
cards, Dublin Core and schema.org JSON-LD, all from one `Metadata` per page.

A page type says what is special about it by overriding `BasePage.metadata(request)` (its
type, photo, byline, dates) and `BasePage.structured_data(request, meta)` (its JSON-LD
objects); the `{% page_metadata %}` tag of base.html writes the tags. Views that are no page
(search, tag pages) get the site's defaults. Everything is the same for every visitor (the page
cache keeps it): the host of the request is the base of every address, as the page cache keys
pages by host."""

import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urljoin

from django.conf import settings as django_settings
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

DEFAULT_IMAGE = "img/og-default.png"  # 1200×630, the emblem on the portal's blue
DEFAULT_IMAGE_SIZE = (1200, 630)
PHOTO_SPEC = "fill-1200x630"  # what social networks show best
LOGO_SPEC = "max-1200x630"    # a logo is never cropped
LOCALES = {"vi": "vi_VN", "en": "en_US"}
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """`data` as the content of a <script type="application/ld+json">: JSON with <, > and &
    escaped as Django's json_script escapes them, so no text can close the script."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))


@dataclass
class Metadata:
    """The facts about one page the head of its HTML announces."""

    title: str
    url: str  # the canonical address, absolute
    base: str  # scheme://host of the request
    settings: object  # core.SiteSettings of the site
    description: str = ""
    type: str = "website"  # OpenGraph: "article" for news
    image: object = None  # a Wagtail image shown when the page is shared (fill-1200x630)
    image_alt: str = ""
    published: object = None  # a date or datetime
    modified: object = None
    creator: str = ""  # the byline; the agency when empty
    section: str = ""
    tags: list = field(default_factory=list)
    breadcrumb: list = field(default_factory=list)  # (name, absolute url), home first

    @property
    def agency(self):
        return self.settings.agency_name

    @property
    def language(self):
        return (translation.get_language() or "vi").split("-")[0]

    @property
    def locale(self):
        return LOCALES.get(self.language, self.language)

    def absolute(self, url):
        return urljoin(self.base + "/", url)

    def share_image(self):
        """(absolute url, width, height, alt) of the picture a shared link shows: the page's
        photo, else the agency's logo, else the portal's default picture."""
        if self.image is not None:
            found = rendition_of(self.image, PHOTO_SPEC)
            if found:
                return (self.absolute(found[0]), *found[1:3], self.image_alt or found[3])
        logo = self.logo()
        if logo:
            return (self.absolute(logo[0]), *logo[1:3], self.agency)
        return (self.absolute(static(DEFAULT_IMAGE)), *DEFAULT_IMAGE_SIZE, self.agency)

    def logo(self):
        """(url, width, height, alt) of the agency's logo (SiteSettings.logo), or None: kept
        per content generation, as every page without a photo shows it."""
        from core.page_cache import kept

        logo_id = getattr(self.settings, "logo_id", None)
        if logo_id is None:
            return None
        return kept(("metadata-logo", logo_id),
                    lambda: rendition_of(self.settings.logo, LOGO_SPEC))

    def dublin_core(self):
        """[(DC element, value)] as the Vietnamese circulars on portal metadata list them."""
        return [("DC.title", self.title), ("DC.creator", self.creator or self.agency),
                ("DC.date", iso(self.published or self.modified)),
                ("DC.description", self.description), ("DC.publisher", self.agency),
                ("DC.identifier", self.url), ("DC.language", self.language)]

    # schema.org

    def organization(self, full=False):
        """The agency as a schema.org GovernmentOrganization; `full` with its contacts."""
        s = self.settings
        # its home page in the page's language (/en/ for an English page)
        home = "/" if self.language == django_settings.LANGUAGE_CODE else f"/{self.language}/"
        data = {"@type": "GovernmentOrganization", "name": s.agency_name,
                "url": self.absolute(home)}
        logo = self.logo_object()
        if logo:
            data["logo"] = logo
        if full:
            data["@context"] = "https://schema.org"
            if s.address:
                data["address"] = {"@type": "PostalAddress", "streetAddress": s.address,
                                   "addressCountry": "VN"}
            for key, value in (("telephone", s.phone), ("faxNumber", s.fax),
                               ("email", s.email)):
                if value:
                    data[key] = value
            if s.governing_body:
                data["parentOrganization"] = {"@type": "GovernmentOrganization",
                                              "name": s.governing_body}
        return data

    def logo_object(self):
        logo = self.logo()
        if logo:
            return {"@type": "ImageObject", "url": self.absolute(logo[0]), "width": logo[1],
                    "height": logo[2]}
        return {"@type": "ImageObject", "url": self.absolute(static("favicon.svg"))}

    def breadcrumb_list(self):
        if not self.breadcrumb:
            return None
        return {"@context": "https://schema.org", "@type": "BreadcrumbList",
                "itemListElement": [{"@type": "ListItem", "position": number, "name": name,
                                     "item": url}
                                    for number, (name, url) in enumerate(self.breadcrumb, 1)]}

    def news_article(self):
        url, width, height, _alt = self.share_image()
        data = {"@context": "https://schema.org", "@type": "NewsArticle",
                "headline": self.title[:110], "url": self.url,
                "mainEntityOfPage": {"@type": "WebPage", "@id": self.url},
                "datePublished": iso(self.published), "dateModified": iso(
                    self.modified or self.published),
                "author": ({"@type": "Person", "name": self.creator} if self.creator
                           else self.organization()),
                "publisher": self.organization(),
                "image": [{"@type": "ImageObject", "url": url, "width": width,
                           "height": height}],
                "inLanguage": self.language}
        if self.description:
            data["description"] = self.description
        if self.section:
            data["articleSection"] = self.section
        if self.tags:
            data["keywords"] = ", ".join(self.tags)
        return data


def rendition_of(image, spec):
    """(url, width, height, alt text) of a rendition of `image`, or None when its file cannot
    be read (logged: a lost file must not take the page down)."""
    try:
        rendition = image.get_rendition(spec)
    except Exception:
        logger.exception("no rendition %s of image %s", spec, image.pk)
        return None
    return (rendition.url, rendition.width, rendition.height, image.default_alt_text)


def iso(value):
    """ISO 8601: a date as it is, a time in the local zone to the second; "" for None."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""


def canonical_url(request, page=None):
    """The address search engines should keep for what `request` shows: the path asked for
    (a page, or a route of it), without the query string: a filtered list or a search points
    to the unfiltered list, whose filtered copies also say `noindex`. Only a further page of
    an unfiltered list (`?trang=3`) is its own address."""
    base = f"{request.scheme}://{request.get_host()}"
    path = request.path
    if page is not None and getattr(request, "is_preview", False):
        path = page.get_url(request) or "/"
    query = ""
    if list(request.GET) == ["trang"]:
        number = request.GET["trang"]
        if number.isdigit() and number.isascii() and int(number) > 1:
            query = f"?trang={int(number)}"
    return urljoin(base, path) + query


def site_metadata(request, title=""):
    """The metadata of a view that is no page: the agency as the subject."""
    from core.models import SiteSettings

    settings = SiteSettings.for_request(request)
    description = settings.agency_name + (f" – {settings.tagline}" if settings.tagline else "")
    return Metadata(title=title or settings.agency_name, url=canonical_url(request),
                    base=f"{request.scheme}://{request.get_host()}", settings=settings,
                    description=description)


def page_metadata(page, request):
    """The defaults of `BasePage.metadata`: title, description, dates and breadcrumb of a
    page; the agency for the rest."""
    from django.utils.translation import gettext

    from core import tree

    meta = site_metadata(request)
    meta.title = page.seo_title or page.title
    meta.url = canonical_url(request, page)
    meta.description = page.meta_description or meta.description
    meta.published = page.first_published_at
    meta.modified = page.last_published_at
    if not page.is_site_root():
        root_id = getattr(tree.site_for(request), "root_page_id", None)
        meta.breadcrumb = [
            (gettext("Home") if ancestor.pk == root_id else ancestor.title,
             meta.absolute(ancestor.get_url(request)))
            for ancestor in tree.breadcrumb_ancestors(request, page)
        ] + [(page.title, meta.absolute(page.get_url(request) or meta.url))]
    return meta
