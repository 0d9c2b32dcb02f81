"""The admin's two-step verification pages: set up an authenticator app, enter its code after
the password, turn it off. Thin views; the work is in two_factor.py."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import two_factor
from .forms import CodeForm


def next_url(request):
    """Where to go once done: the `next` the middleware passed along, if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return url
    return reverse("wagtailadmin_home")


def check_code(request, form, device, check):
    """Run `check(request, device, code)` for a valid form; on a refusal, put the reason on the
    form: still throttled after wrong codes (django-otp waits 1, 2, 4… seconds), or wrong."""
    if not form.is_valid():
        return False
    wait = two_factor.seconds_until_allowed(device)
    if wait:
        form.add_error("code", _("Too many wrong codes. Wait %(seconds)d seconds, then enter the "
                                 "code your app shows at that time.") % {"seconds": wait})
        return False
    if check(request, device, form.cleaned_data["code"]):
        return True
    form.add_error("code", _("This code is not correct, or it was already used. Enter the code "
                             "your app shows now (check that the phone's clock is right)."))
    return False


def with_next(url_name, next_path):
    return f"{reverse(url_name)}?{urlencode({'next': next_path})}"


def render_page(request, template, context):
    return render(request, template, {"next": next_url(request), **context})


@never_cache
def setup(request):
    user = request.user
    if two_factor.confirmed_device(user) is not None:
        if not user.is_verified():
            return redirect(with_next("accounts_two_factor_verify", next_url(request)))
        return render_page(request, "accounts/two_factor_enabled.html",
                           {"title": _("Two-step verification")})
    device = two_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and check_code(request, form, device, two_factor.confirm):
        messages.success(request, _("Two-step verification is on. From now on, you will be "
                                    "asked for a code from your app after your password."))
        return redirect(next_url(request))
    return render_page(request, "accounts/two_factor_setup.html", {
        "title": _("Set up two-step verification"),
        "form": form,
        "qr_svg": two_factor.qr_svg(device, _("QR code to scan with your authenticator app")),
        "secret": two_factor.grouped_secret(device),
        "required": two_factor.is_required(request),
    })


@never_cache
def verify(request):
    user = request.user
    device = two_factor.confirmed_device(user)
    if device is None or user.is_verified():
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and check_code(request, form, device, two_factor.check_code):
        return redirect(next_url(request))
    return render_page(request, "accounts/two_factor_verify.html",
                       {"title": _("Two-step verification"), "form": form})


@never_cache
def disable(request):
    user = request.user
    device = two_factor.confirmed_device(user)
    if device is None:
        return redirect("accounts_two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and check_code(request, form, device, two_factor.check_code):
        two_factor.disable(user)
        messages.success(request, _("Two-step verification is off."))
        return redirect("wagtailadmin_account")
    return render_page(request, "accounts/two_factor_disable.html", {
        "title": _("Turn off two-step verification"), "form": form,
        "required": two_factor.is_required(request)})
