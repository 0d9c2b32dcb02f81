"""Views of the form kit: the CAPTCHA's challenge, and the answer to a form's submission."""

from django.core import signing
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.ratelimit import rate_limited

from . import captcha

THANKS_SALT = "publicforms.thanks"
THANKS_SECONDS = 24 * 3600


@require_GET
@rate_limited("form_challenge")
def challenge(request):
    """A new CAPTCHA challenge for the widget; never stored by a cache."""
    response = JsonResponse(captcha.challenge())
    add_never_cache_headers(response)
    return response


def foreign_origin(request):
    """A 403 when the browser says the form was sent from another site's page, else None.
    (Public forms take no CSRF cookie: they act for nobody. This stops another site from
    making its visitors post to ours all the same.)"""
    origin = request.headers.get("Origin")
    # "null" is what a sandboxed frame of another site sends; a browser that says the request
    # is cross-site (Sec-Fetch-Site) is believed too
    if (origin and origin != f"{request.scheme}://{request.get_host()}"
            or request.headers.get("Sec-Fetch-Site") == "cross-site"):
        return HttpResponseForbidden(_("This form can only be sent from this site's own pages."),
                                     content_type="text/plain; charset=utf-8")
    return None


LIGHT_TEMPLATE = "publicforms/too_many.html"


def form_response(request, template, context, form=None):
    """The page of a form: with the status of the form's last refusal (400, 429 with
    Retry-After) or 200, never stored by a shared cache once it holds what a visitor typed.
    Past a rate limit, the form and its text are shown again on a light page of their own
    (`LIGHT_TEMPLATE`, sent back to the address it was sent to): a flood of sendings must cost
    the server as little as possible, not a whole page each."""
    status = form.status if form is not None and form.is_bound else 200
    if status == 429:
        template, context = LIGHT_TEMPLATE, {"form": form,
                                             "submit_label": context.get("submit_label")}
    response = TemplateResponse(request, template, context, status=status)
    if form is not None and form.is_bound:
        patch_cache_control(response, private=True, no_store=True)
        if form.retry_after:
            response["Retry-After"] = str(form.retry_after)
    return response


def thanks_token(value):
    """`value` (a tracking code…) signed for the address of the page that thanks the visitor
    after a submission (post, then redirect, so that reloading it sends nothing again)."""
    return signing.dumps(value, salt=THANKS_SALT, compress=True)


def thanks_value(request, name="ma"):
    """What `thanks_token` signed, from the query string; None when missing, forged or older
    than a day."""
    try:
        return signing.loads(request.GET.get(name, ""), salt=THANKS_SALT, max_age=THANKS_SECONDS)
    except signing.BadSignature:
        return None


@csrf_exempt
@require_POST
def page_form(request, page_id, name):
    """A public form of a page, sent (the form's own page shows it with GET). A page declares
    its forms in `public_forms` ({name: the method that handles the POST}); the address is
    outside Wagtail's page serving so that it can take posts without a CSRF cookie (see
    `foreign_origin`). Only a live page without view restrictions takes them."""
    refused = foreign_origin(request)
    if refused is not None:
        return refused
    page = public_page(page_id)
    method = getattr(page, "public_forms", {}).get(name)
    if method is None:
        raise Http404
    return getattr(page, method)(request)


def public_page(page_id, model=None, message=None):
    """The live page `page_id` (of `model`, else any type, as its specific class) that has no
    view restriction: what a public form may be sent to. Anything else is a 404."""
    from wagtail.models import Page

    from core import tree

    page = (model or Page).objects.live().filter(pk=page_id).first()
    page = page.specific if page is not None and model is None else page
    if page is None or tree.restriction_ids(page):
        raise Http404(message) if message else Http404
    # the answer (errors, thanks, the page shown again) in the page's language, not the form
    # address's: LanguageFromPathMiddleware restores its own when the response is made
    translation.activate(tree.language_of_page(page))
    return page


def page_form_url(page, name):
    from django.urls import reverse

    return reverse("page_form", args=[page.pk, name])
