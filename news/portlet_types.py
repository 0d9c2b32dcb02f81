"""The news portlet types: the latest articles of chosen categories."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class LatestNewsPortlet(blocks.StructBlock):
    categories = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="news.NewsCategoryPage"), label=_("Categories"),
        help_text=_("Leave empty for the news of the whole site."), default=[])
    count = blocks.IntegerBlock(min_value=1, max_value=20, default=5, label=_("Number of articles"))

    def get_context(self, value, parent_context=None):
        from django.db.models import Q

        from . import selectors

        context = super().get_context(value, parent_context)
        # "the whole site": the request's site (a portlet shared by several shows each its own)
        articles = selectors.live_articles(
            None if value["categories"] else selectors.site_home(
                (parent_context or {}).get("request")), photos=False)
        roots = [category for category in value["categories"] if category is not None]
        if value["categories"] and not roots:
            raise ValueError("every category of this latest-news portlet has been deleted")
        if roots:
            condition = Q()
            for root in roots:
                condition |= Q(path__startswith=root.path)
            articles = articles.filter(condition)
        context["articles"] = list(articles[: value["count"]])
        return context

    class Meta:
        icon = "list-ul"
        label = _("Latest news")
        template = "news/portlets/latest_news.html"


PORTLET_TYPES = [("latest_news", LatestNewsPortlet())]
