"""The contact form's submission: no CSRF cookie (publicforms), post then redirect."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from publicforms.views import foreign_origin, form_response, public_page, thanks_token

from . import services
from .forms import ContactForm
from .models import ContactPage


@csrf_exempt
@require_POST
def send(request, page_id):
    refused = foreign_origin(request)
    if refused:
        return refused
    page = public_page(page_id, ContactPage)
    form = ContactForm(request.POST, units=page.units.all())
    stored = []
    if form.submit(request, lambda form: stored.append(
            services.receive(form.chosen_unit(), form.cleaned_data))):
        token = thanks_token({"unit": stored[0].unit_name})
        response = HttpResponseRedirect(f"{page.get_url(request)}?{urlencode({'ma': token})}")
        response.status_code = 303
        return response
    return form_response(request, page.get_template(request),
                         page.get_context(request, form=form), form)
