"""The rating box's submission: no CSRF cookie (publicforms), post then redirect back."""

from django.http import Http404, HttpResponseRedirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from publicforms.views import foreign_origin, form_response, public_page

from . import services
from .forms import RatingForm

# the address the reader is sent back to ends with it: the box then says thank you (a
# fragment is never sent to the server, so no copy of the page is made for it)
THANKS_FRAGMENT = "da-danh-gia"


def rated_page(page_id):
    page = public_page(page_id)
    if not services.is_rated(page):
        raise Http404
    return page


@csrf_exempt
@require_POST
def rate(request, page_id):
    refused = foreign_origin(request)
    if refused:
        return refused
    page = rated_page(page_id)
    form = RatingForm(request.POST)
    if form.submit(request, lambda form: services.record(
            page, request, form.cleaned_data["useful"], form.cleaned_data["comment"])):
        response = HttpResponseRedirect(f"{page.get_url(request)}#{THANKS_FRAGMENT}")
        response.status_code = 303
        return response
    return form_response(request, "feedback/rating_page.html",
                         {"rated_page": page, "form": form}, form)
