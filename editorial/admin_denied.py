"""A refused admin action answers 403 Forbidden with a page that says so.

Wagtail turns a PermissionDenied in its admin into a redirect to the dashboard with a message,
which reads to a browser, a proxy log or a security scanner as success. `EditorialConfig.ready`
puts this function in place of `wagtail.admin.auth.permission_denied`, the one place Wagtail's
admin views route every refusal through."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse


def permission_denied(request, message=""):
    if request.headers.get("x-requested-with") == "XMLHttpRequest" and not message:
        raise PermissionDenied
    return TemplateResponse(request, "editorial/permission_denied.html", {"message": message},
                            status=403)


def install():
    import wagtail.admin.auth

    wagtail.admin.auth.permission_denied = permission_denied
