"""The admin views that retire a page and undo it: only for those who may publish the page
(removing and redirecting also need the right to unpublish it, redirecting the right to add
redirects), each in two steps (the form, then a confirmation), by POST with the CSRF token.
Page types that declare `retirable = False` are refused."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from . import services
from .forms import RetireForm
from .models import Retirement

DONE = {
    Retirement.WITHDRAWN: gettext_lazy("“%(title)s” was withdrawn: it is shown with the “Đã thu hồi” "
                            "banner."),
    Retirement.GONE: gettext_lazy("“%(title)s” was removed: its address now explains why."),
    Retirement.REDIRECT: gettext_lazy("“%(title)s” was unpublished: its address leads to the replacement."),
}


def _page_for(request, page_id, retiring=True):
    page = get_object_or_404(Page, pk=page_id).specific
    if page.is_root() or page.is_site_root():  # the home page is no content to retire
        raise PermissionDenied(_("A site's home page cannot be withdrawn or removed."))
    if retiring and not services.is_retirable(page):
        raise PermissionDenied(_("This kind of page cannot be withdrawn or removed: it is "
                                 "shown through its section. Edit or unpublish it instead."))
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied(_("Only those who may publish this page may withdraw or remove "
                                 "it."))
    return page


def retire(request, page_id):
    page = _page_for(request, page_id)
    record = Retirement.objects.filter(page=page).first()
    form = RetireForm(request.POST if request.method == "POST" else None, page=page,
                      user=request.user)
    context = {"page": page, "form": form, "record": record}
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["kind"]
        if kind != Retirement.WITHDRAWN and \
                not page.permissions_for_user(request.user).can_unpublish():
            raise PermissionDenied(_("You may not unpublish this page."))
        if request.POST.get("confirm") != "1":
            context["confirming"] = True
            context["kind_label"] = dict(form.fields["kind"].choices)[kind]
            return TemplateResponse(request, "lifecycle/admin/retire.html", context)
        services.retire(page, request.user, kind, form.cleaned_data["explanation"],
                        form.cleaned_data["alternative_page"],
                        form.cleaned_data["alternative_url"])
        messages.success(request, DONE[kind] % {"title": page.get_admin_display_title()})
        return redirect("wagtailadmin_pages:edit", page.pk)
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "lifecycle/admin/retire.html", context, status=status)


def undo(request, page_id):
    page = _page_for(request, page_id, retiring=False)  # a retirement made before is undone
    record = get_object_or_404(Retirement, page=page)
    context = {"page": page, "record": record}
    if request.method == "POST":
        try:
            services.undo(page, request.user)
        except services.CannotUndo as refusal:
            context["error"] = refusal.message
            return TemplateResponse(request, "lifecycle/admin/undo.html", context, status=409)
        messages.success(request, _("“%(title)s” is back to normal.")
                         % {"title": page.get_admin_display_title()})
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "lifecycle/admin/undo.html", context)
