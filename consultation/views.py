"""The public view of the consultation app: a comment sent on a draft.

The draft's page itself stays a plain Wagtail page that the page cache may store: its form
posts here, with no CSRF cookie (publicforms acts for nobody; `foreign_origin` refuses posts
from other sites' pages). A refusal answers with the draft's page, what was typed kept and the
form's status; a comment received is followed by a redirect to the page, which thanks."""

from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from publicforms.views import foreign_origin, form_response, public_page, thanks_token

from . import services
from .forms import DraftCommentForm
from .models import DraftPage, Phase

CLOSED_STATUS = 403  # a comment outside the period: refused whatever its content


@csrf_exempt
@require_POST
def comment(request, page_id):
    refused = foreign_origin(request)
    if refused is not None:
        return refused
    page = public_page(page_id, DraftPage, _("This draft does not exist or is not published."))
    form = DraftCommentForm(request.POST)
    phase = page.phase()
    if phase != Phase.OPEN:
        form.is_valid()  # what was typed is shown again, to be kept by the visitor
        form.refuse(CLOSED_STATUS, _(
            "The comment period of this draft is over: your comments were not received. What "
            "you typed is kept below.") if phase == Phase.CLOSED else _(
            "The comment period of this draft has not started yet: your comments were not "
            "received. What you typed is kept below."))
    elif form.submit(request, lambda valid: services.receive_comment(page, valid.cleaned_data)):
        url = f"{page.get_url(request)}?ma={thanks_token({'gop_y': page.pk})}#gop-y"
        return HttpResponseRedirect(url, status=303)
    return form_response(request, page.get_template(request),
                         page.get_context(request, form=form), form)
