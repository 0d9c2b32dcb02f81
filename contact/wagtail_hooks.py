"""The admin's list of contact messages (menu "Thư liên hệ"): for staff holding the
"view contact message" permission; "change" lets them mark a message handled, nothing more.
Nobody adds or copies a message in the admin: they come from the public form."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import InspectView
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail import hooks

from .models import ContactMessage


class MessagePermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in ("add", "copy"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(ContactMessage, MessagePermissionPolicy(ContactMessage))


class MessageInspectView(InspectView):
    def get_handled_display_value(self):
        return gettext("Yes") if self.object.handled else gettext("No")


class ContactMessageViewSet(ModelViewSet):
    model = ContactMessage
    icon = "mail"
    menu_label = _("Contact messages")
    menu_order = 250
    add_to_admin_menu = True
    name = "contact_messages"
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = MessageInspectView
    inspect_view_fields = ["created_at", "unit_name", "name", "email", "phone", "subject",
                           "message", "mail_sent_at", "handled"]
    form_fields = ["handled"]
    list_filter = ["handled"]
    search_fields = ["name", "email", "subject", "message"]
    search_backend_name = None
    list_display = [
        "subject",  # the first column links to the message
        DateColumn("created_at", label=_("sent at")),
        Column("unit_name", label=_("unit")),
        Column("name", label=_("full name")),
        BooleanColumn("mail_sent_at", label=_("e-mailed")),
        BooleanColumn("handled", label=_("handled")),
    ]


@hooks.register("register_admin_viewset")
def register_viewset():
    return ContactMessageViewSet()
