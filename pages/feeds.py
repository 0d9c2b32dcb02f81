"""RSS 2.0 feeds of section lists (`<section>/rss/?<the list's filters>`)."""

from django.http import HttpResponse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from core.sanitize import strip_control


def section_feed(request, section, items, form=None):
    """An RSS feed of `items` (pages of the section, already filtered and ordered)."""
    title = section.title
    if form is not None and form.is_filtered:
        title = _("%(section)s (filtered)") % {"section": section.title}
    return pages_feed(request, title, section.get_url(request),
                      section.meta_description or section.title, items)


def pages_feed(request, title, url, description, items):
    """An RSS 2.0 feed called `title`, of the list at `url` (a path), of `items` (pages with a
    `listing_date`, already ordered): every address is absolute, on the host and port the
    reader used."""
    from .models import local_datetime

    feed = Rss201rev2Feed(
        title=strip_control(title), link=request.build_absolute_uri(url),
        description=strip_control(description),
        language="vi", feed_url=request.build_absolute_uri())
    for item in items:
        # the address the reader used, not the site's configured host name
        link = request.build_absolute_uri(item.get_url(request))
        feed.add_item(title=strip_control(item.title), link=link, unique_id=link,
                      description=strip_control(item.meta_description),
                      pubdate=local_datetime(item.listing_date))
    response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def feed_error(form):
    """A 400 naming the filter values that are wrong, for a feed address edited by hand."""
    lines = [_("This feed's filters are not valid:")]
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else name
        lines.append(f"- {label}: {' '.join(errors)}")
    return HttpResponse("\n".join(lines) + "\n", status=400,
                        content_type="text/plain; charset=utf-8")
