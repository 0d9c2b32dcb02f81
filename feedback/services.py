"""Recording ratings and reading their figures (the statistics dashboard)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.models import Page

from visits.counters import local_day
from visits.middleware import client_address

from .models import PageRating

SECTION_DEPTH = 3  # the root is 1, a site's home page 2: its sections are 3
RECENT_DAYS = 30


def rater_hash(request, now):
    """The reader of `request` on the local day of `now`: a keyed hash of the day, their
    address and browser (as visits.counters.visitor_hash, under a key of its own)."""
    material = "|".join([local_day(now).isoformat(), client_address(request),
                         request.META.get("HTTP_USER_AGENT", "")])
    return salted_hmac("feedback.rating", material, algorithm="sha256").hexdigest()


def record(page, request, useful, comment, now=None):
    """The reader's rating of `page` today. A second rating of the same page the same day
    replaces the first (the reader changed their mind): one atomic upsert, never two rows."""
    now = now or timezone.now()
    PageRating.objects.bulk_create(
        [PageRating(page_id=page.pk, day=local_day(now), visitor_hash=rater_hash(request, now),
                    useful=useful, comment=comment, created_at=now)],
        update_conflicts=True, unique_fields=["page", "day", "visitor_hash"],
        update_fields=["useful", "comment", "created_at"])


def _counts(ratings):
    length = Page.steplen * SECTION_DEPTH
    rows = (ratings.annotate(section=Substr("page__path", 1, length)).values("section")
            .annotate(yes=Count("pk", filter=Q(useful=True)),
                      no=Count("pk", filter=Q(useful=False))).order_by())
    return {row["section"]: (row["yes"], row["no"]) for row in rows}


def percent(yes, no):
    return round(100 * yes / (yes + no)) if yes + no else None


def figures_by_section(now=None):
    """[{section page, recent (yes, no, %), all (yes, no, %)}] for each top-level section of
    the site (the ancestor of the rated page just below the home page), the most rated first;
    recent is the last RECENT_DAYS days. Three queries, whatever the number of ratings."""
    now = now or timezone.now()
    since = local_day(now) - timedelta(days=RECENT_DAYS - 1)
    recent = _counts(PageRating.objects.filter(day__gte=since))
    overall = _counts(PageRating.objects.all())
    sections = {page.path: page for page in Page.objects.filter(path__in=overall)}
    rows = []
    for path, (yes, no) in overall.items():
        recent_yes, recent_no = recent.get(path, (0, 0))
        figures = {"recent": (recent_yes, recent_no, percent(recent_yes, recent_no)),
                   "all": (yes, no, percent(yes, no))}
        rows.append({"section": sections.get(path), **figures,
                     "periods": (figures["recent"], figures["all"])})
    rows.sort(key=lambda row: (-(row["all"][0] + row["all"][1]),
                               row["section"].path if row["section"] else ""))
    return rows


def latest_comments(count=20):
    return list(PageRating.objects.exclude(comment="").select_related("page")
                .order_by("-created_at", "-pk")[:count])


def is_rated(page):
    """Whether `page` ends with the satisfaction box: a live content page of the kit (an
    article, a section or its item, a plain page), not a site's home page, nor a page that
    declares `rated = False` (a form page such as Liên hệ)."""
    from pages.models import BasePage

    return (isinstance(page, BasePage) and page.pk is not None and page.live
            and getattr(page, "rated", True) and not page.is_site_root())
