"""Two-step verification with an authenticator app (TOTP, RFC 6238) through django-otp: the
device a user sets up, the checks of its 6-digit codes (throttled by django-otp after each wrong
code), and whether the admin requires it."""

from base64 import b32encode

import segno
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SecuritySettings

DEVICE_NAME = "authenticator"


def is_required(request):
    return SecuritySettings.load(request_or_site=request).require_two_factor


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user):
    """The unconfirmed device being set up, made once so that reloading the page keeps the secret
    the user may already have scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def check_code(request, device, code):
    """True when `code` is right for `device`; the session is then marked as verified. A wrong
    code counts towards django-otp's throttling; a code is accepted once only."""
    verified = verify_token(request.user, device.persistent_id, code)
    if verified is None:
        return False
    otp_login(request, verified)
    return True


def confirm(request, device, code):
    """Finish setting up: the first right code confirms the device, removes any other device of
    the user and verifies the session."""
    if not check_code(request, device, code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])  # saved, not updated: the audit hears of it
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    return True


def disable(user):
    TOTPDevice.objects.filter(user=user).delete()


def seconds_until_allowed(device):
    """Seconds django-otp still refuses codes for this device after wrong ones, else 0."""
    device.refresh_from_db()
    allowed, data = device.verify_is_allowed()
    if allowed or not data or not data.get("locked_until"):
        return 0
    return max(1, int((data["locked_until"] - timezone.now()).total_seconds() + 0.999))


def grouped_secret(device):
    """The secret in base32 as authenticator apps ask for it by hand, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(device, title):
    """The device's otpauth:// address as an inline SVG QR code."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title=title, dark="#000", light="#fff", svgclass="two-factor-qr")
