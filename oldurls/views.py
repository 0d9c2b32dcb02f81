"""The admin of old addresses (Settings → Old links): mappings per site and old host, the
unmapped addresses most asked for ("map it"), CSV import and export, old hostnames.

Who may: those with the app's permissions (the Quản trị role, editorial/roles.py), on every
site when granted globally, or on one site when granted per site (Wagtail's
`GroupSitePermission`, as site settings are). Every view filters by the sites the user holds
the permission for, on the server: another site's mapping is a 404, a writer gets a 403.
Old hostnames are the superusers' (they take a DNS change and a certificate)."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminPageChooser
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.permissions import register_permission_policy

from . import services
from .csvfile import export_csv, import_csv, max_bytes
from .models import OldHost, OldUrl, UnmappedHit

mapping_policy = SitePermissionPolicy(OldUrl)
unmapped_policy = SitePermissionPolicy(UnmappedHit)
register_permission_policy(OldUrl, mapping_policy, exact_class=True)
register_permission_policy(UnmappedHit, unmapped_policy, exact_class=True)
register_permission_policy(OldHost, ModelPermissionPolicy(OldHost), exact_class=True)


def allowed_sites(user, actions=("add", "change", "delete", "view")):
    return mapping_policy.sites_user_has_any_permission_for(user, list(actions))


class OldUrlForm(forms.ModelForm):
    """A mapping: its key made from the address, its target checked, a duplicate refused with
    a reason (never the database's error)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        sites = allowed_sites(for_user, ("add", "change")) if for_user else None
        if sites is not None and "site" in self.fields:
            self.fields["site"].queryset = sites
            self.fields["old_host"].queryset = OldHost.objects.filter(site__in=sites)
            if sites.count() == 1 and not self.instance.pk:
                self.fields["site"].initial = sites.first().pk

    def clean_target_url(self):
        try:
            return services.check_target_url(self.cleaned_data.get("target_url"))
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None

    def clean(self):
        data = super().clean()
        site, host = data.get("site"), data.get("old_host")
        if site is None or not data.get("old_url"):
            return data
        if host is not None and host.site_id != site.pk:
            self.add_error("old_host", _("This old hostname belongs to another site."))
            return data
        status = data.get("status")
        if status == OldUrl.MOVED and not data.get("target_page") and not data.get("target_url"):
            self.add_error("target_page", _("A 301 needs a new page or a new address."))
        if status == OldUrl.GONE:
            data["target_page"], data["target_url"] = None, ""
        try:
            mapping = services._mapping(site, host, data["old_url"],
                                        data.get("target_page"), data.get("target_url", ""),
                                        status or OldUrl.MOVED, data.get("is_prefix", False),
                                        create_hosts=False)
        except ValidationError as error:
            self.add_error("old_url", error.messages)
            return data
        data["old_url"] = mapping.old_url
        clash = OldUrl.objects.filter(key=mapping.key, host_scope=mapping.host_scope)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error("old_url", _("This old address is mapped already."))
        return data


class SiteFilteredMixin:
    """Only the mappings of the sites the user may manage: another site's is a 404."""

    def get_queryset(self):
        return self.model._default_manager.filter(site__in=allowed_sites(self.request.user))

    def get_base_queryset(self):
        return self.get_queryset().select_related("site", "old_host", "target_page")


class OldUrlIndexView(SiteFilteredMixin, IndexView):
    @property
    def header_more_buttons(self):
        from wagtail.admin.widgets.button import Button

        buttons = list(super().header_more_buttons)
        buttons.append(Button(_("Import / export CSV"), url=reverse("oldurls_csv"),
                              icon_name="doc-full", priority=30))
        buttons.append(Button(_("Unmapped old addresses"),
                              url=reverse("oldurls_unmapped:index"), icon_name="warning",
                              priority=40))
        return buttons


class OldUrlCreateView(CreateView):
    def get_initial(self):
        """Prefilled from the unmapped list's "map it" (?old_url=…&old_host=…)."""
        initial = super().get_initial()
        old_url = self.request.GET.get("old_url", "")[:4096]
        if old_url:
            initial["old_url"] = old_url
        host = OldHost.objects.filter(hostname=self.request.GET.get("old_host", "")[:253],
                                      site__in=allowed_sites(self.request.user)).first()
        if host is not None:
            initial["old_host"], initial["site"] = host.pk, host.site_id
        if self.request.GET.get("status") == "410":
            initial["status"] = OldUrl.GONE
        return initial


class OldUrlEditView(SiteFilteredMixin, EditView):
    pass


class OldUrlDeleteView(SiteFilteredMixin, DeleteView):
    pass


class OldUrlViewSet(ModelViewSet):
    model = OldUrl
    name = "oldurls_oldurl"
    icon = "redirect"
    menu_label = gettext_lazy("Old links")
    add_to_settings_menu = True
    menu_order = 310
    index_view_class = OldUrlIndexView
    add_view_class = OldUrlCreateView
    edit_view_class = OldUrlEditView
    delete_view_class = OldUrlDeleteView
    form_fields = ["site", "old_host", "old_url", "is_prefix", "status", "target_page",
                   "target_url", "note"]
    list_display = ["display_url", "status", "target_display", "site", "updated_at"]
    list_filter = ["site", "old_host", "status", "is_prefix"]
    search_fields = ["old_url", "target_url", "note"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["old_url"]
    panels = [FieldPanel("site"), FieldPanel("old_host"), FieldPanel("old_url"),
              FieldPanel("is_prefix"), FieldPanel("status"),
              FieldPanel("target_page", widget=AdminPageChooser()), FieldPanel("target_url"),
              FieldPanel("note")]

    def get_form_class(self, for_update=False):
        from wagtail.admin.forms.models import WagtailAdminModelForm

        class Form(OldUrlForm, WagtailAdminModelForm):
            class Meta:
                model = OldUrl
                fields = self.form_fields
        return Form

    def get_edit_handler(self):
        from wagtail.admin.panels import ObjectList

        return ObjectList(self.panels).bind_to_model(self.model)


def map_links(hit):
    """"Map it" and "Mark 410": the new mapping's form, prefilled with the address."""
    from urllib.parse import urlencode

    from django.utils.html import format_html

    add = reverse("oldurls_oldurl:add")
    query = {"old_url": hit.path, "old_host": hit.host}
    return format_html('<a class="button button-small" href="{}?{}">{}</a> '
                       '<a class="button button-small button-secondary" href="{}?{}">{}</a>',
                       add, urlencode(query), _("Map it"),
                       add, urlencode({**query, "status": "410"}), _("Mark 410"))


class UnmappedIndexView(IndexView):
    def get_base_queryset(self):
        return UnmappedHit.objects.filter(
            site__in=unmapped_policy.sites_user_has_any_permission_for(
                self.request.user, ["view", "delete"])).select_related("site")


class UnmappedDeleteView(DeleteView):
    def get_queryset(self):
        return UnmappedHit.objects.filter(
            site__in=unmapped_policy.sites_user_has_any_permission_for(
                self.request.user, ["delete"]))


class UnmappedViewSet(ModelViewSet):
    """The old addresses asked for that map to nothing, most asked first, each with "map it"
    (the new mapping's form, prefilled) and "mark 410"."""

    model = UnmappedHit
    icon = "warning"
    add_to_admin_menu = False
    name = "oldurls_unmapped"
    index_view_class = UnmappedIndexView
    delete_view_class = UnmappedDeleteView
    list_filter = ["site", "host"]
    search_fields = ["path", "host"]
    search_backend_name = None
    ordering = ["-hits", "-last_seen"]
    list_per_page = 50
    form_fields = []
    inspect_view_enabled = False

    @property
    def list_display(self):
        from wagtail.admin.ui.tables import Column

        return ["host", "path", "hits", "first_seen", "last_seen", "site",
                Column("actions", label=_("Map it"), accessor=map_links)]

    def get_urlpatterns(self):
        # read and deleted only: rows are made by the counter, never by hand
        return [pattern for pattern in super().get_urlpatterns()
                if pattern.name in ("index", "index_results", "delete")]


class OldHostViewSet(ModelViewSet):
    model = OldHost
    name = "oldurls_oldhost"
    icon = "site"
    menu_label = gettext_lazy("Old hostnames")
    add_to_settings_menu = True
    menu_order = 311
    form_fields = ["hostname", "site"]
    list_display = ["hostname", "site", "created_at"]
    search_backend_name = None


class CsvForm(forms.Form):
    site = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Site"))
    file = forms.FileField(label=gettext_lazy("CSV file"), required=False,
                           help_text=gettext_lazy("Columns: Old URL, New URL, Status (UTF-8)."))

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        if sites.count() == 1:
            self.fields["site"].initial = sites.first().pk

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > max_bytes():
            raise forms.ValidationError(_("The file is larger than %(mb)d MB: split it.")
                                        % {"mb": max_bytes() // (1024 * 1024)})
        return upload


def csv_view(request):
    """Import (POST with a file) and export (GET ?export=1&site=…) of a site's mappings."""
    user = request.user
    readable = allowed_sites(user, ("view", "change", "add", "delete"))
    writable = allowed_sites(user, ("add", "change"))
    if not readable.exists():
        raise PermissionDenied
    if request.GET.get("export"):
        site = get_object_or_404(readable, pk=request.GET.get("site") or 0)
        response = HttpResponse(export_csv(site).encode("utf-8-sig"),
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="old-urls-{site.hostname}.csv"'
        return response
    result = None
    form = CsvForm(request.POST or None, request.FILES or None, sites=writable)
    if request.method == "POST":
        if not writable.exists():
            raise PermissionDenied
        if form.is_valid() and form.cleaned_data.get("file") is None:
            form.add_error("file", _("Choose a CSV file."))
        if form.is_valid():
            result = import_csv(form.cleaned_data["site"], form.cleaned_data["file"].read())
            if result.refused_file:
                form.add_error("file", result.refused_file)
                result = None
            elif result.errors:
                messages.warning(request, _("%(written)d rows written, %(refused)d refused: "
                                            "see below.") % {"written": result.written,
                                                             "refused": len(result.errors)})
            else:
                messages.success(request, _("%(written)d rows written.")
                                 % {"written": result.written})
    return render(request, "oldurls/admin/csv.html", {
        "form": form, "result": result, "sites": readable,
        "status": 400 if form.errors else 200,
    }, status=400 if form.errors else 200)
