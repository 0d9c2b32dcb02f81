"""`{% rating_box %}`: the satisfaction box at the end of a content page (base.html). Plain
HTML the same for every reader, holding only the page's id: the page stays cacheable, and it
costs no query."""

from django import template
from django.template.loader import render_to_string

from feedback.forms import COMMENT_MAX, NO, YES, comment_help
from feedback.services import is_rated
from feedback.views import THANKS_FRAGMENT

register = template.Library()


@register.simple_tag(takes_context=True)
def rating_box(context):
    page, request = context.get("page"), context.get("request")
    if not is_rated(page) or getattr(request, "is_preview", False):
        return ""
    return render_to_string("feedback/includes/rating_box.html", {
        "page_id": page.pk, "yes": YES, "no": NO, "comment_max": COMMENT_MAX,
        "comment_help": comment_help(), "thanks_fragment": THANKS_FRAGMENT})
