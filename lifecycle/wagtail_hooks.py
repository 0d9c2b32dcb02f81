"""The life cycle in Wagtail's admin: the change note at the end of every page's Content tab,
kept with the revision the edit made; a "Withdraw or remove" button in the page's header for
those who may publish it; the actions in the page's history."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import services, views
from .forms import CHANGE_NOTE_FIELD
from .models import Retirement
from .panels import ChangeNotePanel


@hooks.register("base_page_content_panels")
def change_note_panel(page_class):
    return [ChangeNotePanel()]


@hooks.register("after_edit_page")
def keep_change_note(request, page):
    if CHANGE_NOTE_FIELD in request.POST:
        services.set_pending_note(page, request.POST[CHANGE_NOTE_FIELD], page.latest_revision)


@hooks.register("register_admin_urls")
def lifecycle_urls():
    return [
        path("vong-doi/<int:page_id>/", views.retire, name="lifecycle_retire"),
        path("vong-doi/<int:page_id>/hoan-tac/", views.undo, name="lifecycle_undo"),
    ]


@hooks.register("register_page_header_buttons")
def retire_button(page, user, view_name=None, next_url=None):
    if page.is_root() or page.is_site_root() or \
            not page.permissions_for_user(user).can_publish():
        return
    if page.live and services.is_retirable(page):
        yield Button(_("Withdraw or remove"), reverse("lifecycle_retire", args=[page.pk]),
                     icon_name="warning", priority=61)
    if Retirement.objects.filter(page=page).exists():
        yield Button(_("Undo the withdrawal or removal"), reverse("lifecycle_undo",
                                                                  args=[page.pk]),
                     icon_name="undo", priority=62)


@hooks.register("register_log_actions")
def lifecycle_log_actions(actions):
    actions.register_action(f"lifecycle.{Retirement.WITHDRAWN}", _("Withdraw"), _("Withdrawn"))
    actions.register_action(f"lifecycle.{Retirement.GONE}", _("Remove (gone)"),
                            _("Removed: the address answers 410 Gone"))
    actions.register_action(f"lifecycle.{Retirement.REDIRECT}", _("Redirect"),
                            _("Unpublished and redirected"))
    actions.register_action("lifecycle.undo", _("Undo withdrawal or removal"),
                            _("Withdrawal or removal undone"))
