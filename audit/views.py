"""*Báo cáo › Nhật ký hệ thống*: every audit event, newest first, filtered by kind, user,
address and dates, exported as CSV or XLSX (Wagtail's report view); for the holders of
`audit.view_auditevent` only."""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from .actions import label
from .models import AuditEvent

PERMISSION = "audit.view_auditevent"
# what a spreadsheet program would run as a formula when the cell starts with it
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def may_view(user):
    return user.is_active and user.has_perm(PERMISSION)


class AddressFilter(django_filters.Filter):
    field_class = forms.GenericIPAddressField  # "abc" is refused, never sent to the database


class AuditFilterSet(WagtailFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"), choices=AuditEvent.Kind.choices, widget=forms.CheckboxSelectMultiple)
    user = django_filters.CharFilter(label=_("User"), method="filter_user",
                                     help_text=_("Who acted, or whose account it concerns"))
    address = AddressFilter(label=_("IP address"), field_name="address")
    timestamp = django_filters.DateFromToRangeFilter(label=_("Date"),
                                                     widget=DateRangePickerWidget)

    class Meta:
        model = AuditEvent
        fields = []

    def filter_user(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(username__icontains=value) | Q(target__icontains=value))


class AuditReportView(ReportView):
    page_title = _("Audit trail")
    header_icon = "history"
    results_template_name = "audit/report_results.html"
    index_url_name = "audit_report"
    index_results_url_name = "audit_report_results"
    filterset_class = AuditFilterSet
    paginate_by = 50
    model = AuditEvent
    list_export = ["local_time", "kind_label", "action_label", "username", "target", "detail",
                   "where", "user_agent"]
    export_headings = {
        "local_time": _("Date and time"), "kind_label": _("Kind"), "action_label": _("Action"),
        "username": _("User"), "target": _("Concerns"), "detail": _("Detail"),
        "where": _("From where"), "user_agent": _("Browser"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not may_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return AuditEvent.objects.select_related("user").order_by("-timestamp", "-pk")

    def get_filename(self):
        return f"nhat-ky-he-thong-{timezone.localdate():%Y-%m-%d}"

    def get(self, request, *args, **kwargs):
        """Filters that do not make sense (an address that is not one, a reversed date range)
        answer 400 with the form's messages, and export nothing rather than everything."""
        if self.filters is not None and not self.filters.is_valid():
            self.is_export = False
            self.object_list = self.get_queryset().none()
            return self.render_to_response(self.get_context_data(), status=400)
        return super().get(request, *args, **kwargs)

    def decorate_paginated_queryset(self, object_list):
        if self.is_export:  # described row by row as they are written
            return object_list
        return [describe(event) for event in object_list]

    def to_row_dict(self, item):
        row = super().to_row_dict(describe(item))
        if self.request.GET.get("export") == self.FORMAT_CSV:
            row = {field: _no_formula(value) for field, value in row.items()}
        return row

    def stream_csv(self, queryset):
        yield "\ufeff".encode()  # a byte order mark: spreadsheet programs then read UTF-8
        yield from super().stream_csv(queryset)


def describe(event):
    """The event with what the report shows of it, in the reader's language."""
    event.local_time = timezone.localtime(event.timestamp).replace(tzinfo=None, microsecond=0)
    event.kind_label = event.get_kind_display()
    event.action_label = label(event.action)
    event.where = event.address or (
        _("server: %(command)s") % {"command": event.data.get("command")}
        if event.data.get("command") else "")
    return event


def _no_formula(value):
    """A cell a person typed (a user name tried at the sign-in form) that would start a
    formula is kept as text by a leading apostrophe (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
