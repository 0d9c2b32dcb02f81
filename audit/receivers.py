"""Where the events come from: Django's sign-in signals and django-axes' lockouts, the
accounts app's unlocks, changes to users, groups and rights, two-step devices and settings,
and the Wagtail log entries of publishing and unpublishing (copied with the address).

Every receiver runs on a write or a sign-in: reading a public page records, reads and queries
nothing here."""

from axes.signals import user_locked_out
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import (BaseLogEntry, GroupCollectionPermission, GroupPagePermission,
                            GroupSitePermission)

from accounts.lockout import unlocked

from . import context
from .actions import MIRRORED
from .models import AuditEvent
from .services import record

User = get_user_model()


# sign-ins ---------------------------------------------------------------------------------

@receiver(user_logged_in, dispatch_uid="audit.signed_in")
def signed_in(sender, request, user, **kwargs):
    record("audit.sign_in", actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    locked = bool(getattr(request, "axes_locked_out", False))
    record("audit.sign_in_failed", actor=None, username=username, request=request,
           data={"locked_out": True} if locked else None)


@receiver(user_logged_out, dispatch_uid="audit.signed_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record("audit.sign_out", actor=user, request=request)


@receiver(user_locked_out, dispatch_uid="audit.locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    """Once per lockout: axes says so again at every attempt while it lasts."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    same = AuditEvent.objects.filter(action="audit.lockout", username=username or "",
                                     timestamp__gte=since)
    same = same.filter(address=ip_address) if ip_address else same.filter(address=None)
    if same.exists():
        return
    record("audit.lockout", actor=None, username=username or "", request=request)


@receiver(unlocked, dispatch_uid="audit.unlocked")
def unlocked_by_someone(sender, username=None, ip_address=None, count=0, **kwargs):
    record("audit.unlock", target=username or ip_address or "*",
           data={"username": username, "ip_address": ip_address, "attempts": count})


# accounts ---------------------------------------------------------------------------------

FLAGS = {"is_active": ("audit.user_activated", "audit.user_deactivated"),
         "is_superuser": ("audit.superuser_granted", "audit.superuser_revoked"),
         "is_staff": ("audit.staff_granted", "audit.staff_revoked")}


@receiver(pre_save, sender=User, dispatch_uid="audit.user_before")
def user_before(sender, instance, update_fields=None, raw=False, **kwargs):
    """The flags as they are in the database, when this save may change them (a sign-in's
    save of last_login may not). A password is changed when it was set since the last save;
    Django's own rehash of an old hash at sign-in clears that mark first and is not counted."""
    instance._audit_password_set = getattr(instance, "_password", None) is not None
    watched = set(FLAGS) if update_fields is None else set(FLAGS) & set(update_fields)
    instance._audit_flags = {}
    if instance.pk and watched and not raw:
        instance._audit_flags = (User.objects.filter(pk=instance.pk).values(*watched).first()
                                 or {})


@receiver(post_save, sender=User, dispatch_uid="audit.user_after")
def user_after(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    name = instance.get_username()
    if created:
        record("audit.user_created", target=name, detail=_flags_text(instance))
        return
    for field, before in getattr(instance, "_audit_flags", {}).items():
        now = getattr(instance, field)
        if now != before:
            record(FLAGS[field][0] if now else FLAGS[field][1], target=name)
    if getattr(instance, "_audit_password_set", False):
        record("audit.password_changed", target=name)


def _flags_text(user):
    return ", ".join(field for field in FLAGS if field != "is_active" and getattr(user, field))


@receiver(post_delete, sender=User, dispatch_uid="audit.user_deleted")
def user_deleted(sender, instance, **kwargs):
    record("audit.user_deleted", target=instance.get_username(), data={"user_id": instance.pk})


@receiver(post_save, sender=Group, dispatch_uid="audit.group_saved")
def group_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record("audit.group_created", target=instance.name)


@receiver(post_delete, sender=Group, dispatch_uid="audit.group_deleted")
def group_deleted(sender, instance, **kwargs):
    record("audit.group_deleted", target=instance.name, data={"group_id": instance.pk})


# groups and rights ------------------------------------------------------------------------

def _permission_text(permission):
    return f"{permission.content_type.app_label}.{permission.codename} ({permission.name})"


def _m2m(through):
    """(owner model, related model, added action, removed action, describe) of a watched
    many-to-many relation, by its through model."""
    from django.contrib.auth.models import Permission

    return {
        User.groups.through: (User, Group, "audit.group_joined", "audit.group_left",
                              lambda owner, item: (owner.get_username(), item.name)),
        User.user_permissions.through: (User, Permission, "audit.permission_granted",
                                        "audit.permission_revoked",
                                        lambda owner, item: (owner.get_username(),
                                                             _permission_text(item))),
        Group.permissions.through: (Group, Permission, "audit.permission_granted",
                                    "audit.permission_revoked",
                                    lambda owner, item: (owner.name, _permission_text(item))),
    }[through]


def m2m_changed_receiver(sender, instance, action, reverse, model, pk_set, **kwargs):
    owner_model, related_model, added, removed, describe = _m2m(sender)
    if action == "pre_clear":
        # the rows about to go, as they are now
        field = _m2m_field(sender, reverse)
        pk_set = set(getattr(instance, field).values_list("pk", flat=True))
        action = "post_remove"
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    others = model.objects.filter(pk__in=pk_set)
    pairs = [(item, instance) if reverse else (instance, item) for item in others]
    for owner, item in pairs:
        key = (sender._meta.label, owner.pk, item.pk)
        undoable = context.cancellable()
        if action == "post_add" and key in undoable:
            # taken away and given back by one form (Wagtail's group form re-adds the rights
            # it does not show): nothing changed
            AuditEvent.objects.filter(pk=undoable.pop(key)).delete()
            continue
        target, detail = describe(owner, item)
        event = record(added if action == "post_add" else removed, target=target, detail=detail)
        if action == "post_remove":
            undoable[key] = event.pk


def _m2m_field(through, reverse):
    if through is User.groups.through:
        return "user_set" if reverse else "groups"
    if through is User.user_permissions.through:
        return "user_set" if reverse else "user_permissions"
    return "group_set" if reverse else "permissions"


for _through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
    m2m_changed.connect(m2m_changed_receiver, sender=_through,
                        dispatch_uid=f"audit.m2m.{_through._meta.label}")


def scoped_permission_text(row):
    """"wagtailcore.publish_page (Can publish page) — trang: Tin tức" and the like."""
    if isinstance(row, GroupPagePermission):
        scope = row.page.get_admin_display_title()
    elif isinstance(row, GroupCollectionPermission):
        scope = row.collection.name
    else:
        scope = row.site.hostname
    return f"{_permission_text(row.permission)} — {scope}"


def scoped_permission_key(row):
    """What one row of rights is, whatever its id: (group, permission, page/collection/site)."""
    scope = getattr(row, "page_id", None) or getattr(row, "collection_id", None) or \
        getattr(row, "site_id", None)
    return (type(row).__name__, row.group_id, row.permission_id, scope)


SCOPED = (GroupPagePermission, GroupCollectionPermission, GroupSitePermission)


def scoped_permission_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record("audit.permission_granted", target=instance.group.name,
               detail=scoped_permission_text(instance))


def scoped_permission_deleted(sender, instance, **kwargs):
    group = Group.objects.filter(pk=instance.group_id).first()
    record("audit.permission_revoked", target=group.name if group else instance.group_id,
           detail=scoped_permission_text(instance))


for _model in SCOPED:
    post_save.connect(scoped_permission_saved, sender=_model,
                      dispatch_uid=f"audit.scoped_saved.{_model.__name__}")
    post_delete.connect(scoped_permission_deleted, sender=_model,
                        dispatch_uid=f"audit.scoped_deleted.{_model.__name__}")


# two-step sign-in -------------------------------------------------------------------------

@receiver(post_init, sender=TOTPDevice, dispatch_uid="audit.device_loaded")
def device_loaded(sender, instance, **kwargs):
    instance._audit_confirmed = instance.confirmed if instance.pk else False


@receiver(post_save, sender=TOTPDevice, dispatch_uid="audit.device_saved")
def device_saved(sender, instance, raw=False, **kwargs):
    if instance.confirmed and not instance._audit_confirmed and not raw:
        record("audit.two_factor_on", target=instance.user.get_username())
    instance._audit_confirmed = instance.confirmed


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="audit.device_deleted")
def device_deleted(sender, instance, **kwargs):
    if instance.confirmed:
        user = User.objects.filter(pk=instance.user_id).first()
        record("audit.two_factor_off", target=user.get_username() if user else "")


# settings ---------------------------------------------------------------------------------

def _shown_value(field, value):
    """A changed setting's value when it is short and plain (a switch, a number, a choice);
    text, files and the like are named only."""
    if field.choices or field.get_internal_type() in {
            "BooleanField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
            "SmallIntegerField", "BigIntegerField", "DecimalField", "FloatField"}:
        return value
    return None


def setting_before(sender, instance, raw=False, **kwargs):
    instance._audit_before = None
    if instance.pk and not raw:
        instance._audit_before = sender.objects.filter(pk=instance.pk).values().first()


def setting_after(sender, instance, created, raw=False, **kwargs):
    """A setting's row made when first read (created) is not a change; an edit names the
    fields it changed."""
    before = getattr(instance, "_audit_before", None)
    if created or raw or before is None:
        return
    changes = []
    for field in sender._meta.concrete_fields:
        if field.primary_key or field.attname not in before:
            continue
        old, new = before[field.attname], getattr(instance, field.attname)
        if old != new:
            change = {"field": field.name, "label": str(field.verbose_name)}
            if _shown_value(field, new) is not None:
                change.update(old=old, new=new)
            changes.append(change)
    if not changes:
        return
    detail = "; ".join(f"{c['label']}: {c['old']} → {c['new']}" if "new" in c else c["label"]
                       for c in changes)
    site = getattr(instance, "site", None)
    target = str(sender._meta.verbose_name) + (f" ({site.hostname})" if site else "")
    record("audit.settings_changed", target=target, detail=detail,
           data={"changes": changes, "setting": sender._meta.label})


# Wagtail's log ----------------------------------------------------------------------------

# Wagtail's own edits of these are recorded above in more detail
OWN_RECORDS = {User._meta.label_lower, "auth.group"}


def log_entry_saved(sender, instance, created, raw=False, **kwargs):
    """A copy of a publishing, unpublishing, deletion or page privacy entry of Wagtail's log,
    with the address of the request that made it."""
    kind = MIRRORED.get(instance.action)
    if not created or raw or kind is None:
        return
    content_type = instance.content_type
    if content_type is not None and \
            f"{content_type.app_label}.{content_type.model}" in OWN_RECORDS:
        return
    record(instance.action, kind=kind, actor=instance.user, target=instance.label,
           timestamp=instance.timestamp,
           data={"log_entry": [sender._meta.label, instance.pk],
                 "object_id": str(instance.page_id if hasattr(instance, "page_id")
                                  else instance.object_id),
                 "object_type": f"{content_type.app_label}.{content_type.model}"
                 if content_type is not None else ""})


def connect_models():
    """Receivers of models known once every app is loaded: settings and Wagtail's log."""
    for model in apps.get_models():
        if issubclass(model, (BaseGenericSetting, BaseSiteSetting)):
            pre_save.connect(setting_before, sender=model,
                             dispatch_uid=f"audit.setting_before.{model._meta.label}")
            post_save.connect(setting_after, sender=model,
                              dispatch_uid=f"audit.setting_after.{model._meta.label}")
        elif issubclass(model, BaseLogEntry):
            post_save.connect(log_entry_saved, sender=model,
                              dispatch_uid=f"audit.log_entry.{model._meta.label}")
