"""Admin views of a model that belongs to one site (a `site` foreign key): on an install of
several sites, a user holding its rights on some sites only (Wagtail's GroupSitePermission, as
a site's administrators do) lists, adds, edits and deletes that site's rows only. A row of no
site (shared by every site) is for those who hold the right on the whole install.

Use the mixins in a viewset's view classes, the model's permission policy being Wagtail's
`SitePermissionPolicy` (`register_permission_policy`)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.permissions import policy_registry

ACTIONS = ("add", "change", "delete")


def _policy(model):
    return policy_registry.get_by_type(model)


def on_whole_install(user, model, actions=ACTIONS):
    policy = _policy(model)
    return user.is_superuser or any(user.has_perm(policy._get_permission_name(action))
                                    for action in actions)


def allowed_sites(user, model, actions=ACTIONS):
    return _policy(model).sites_user_has_any_permission_for(user, actions)


def scoped(queryset, user):
    """The rows of `queryset` the user may see in the admin."""
    if on_whole_install(user, queryset.model):
        return queryset
    return queryset.filter(Q(site__in=allowed_sites(user, queryset.model)))


def check_row(user, row, action):
    """PermissionDenied unless `user` may do `action` to `row` (a row of no site: only who
    holds the right on the whole install)."""
    if row.site_id is None:
        allowed = on_whole_install(user, type(row), [action])
    else:
        allowed = _policy(type(row)).user_has_any_permission_for_instance(user, [action], row)
    if not allowed:
        raise PermissionDenied


class ScopedIndexMixin:
    def get_base_queryset(self):
        return scoped(super().get_base_queryset(), self.request.user)


class ScopedFormMixin:
    """The form's site is one of the user's sites; required unless the user holds the right on
    the whole install (who may leave it empty: shared by every site)."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        field = form.fields.get("site")
        if field is not None and not on_whole_install(self.request.user, self.model):
            field.queryset = allowed_sites(self.request.user, self.model)
            field.required = True
        return form


class ScopedObjectMixin:
    """An edit or delete view: a row of another site is refused (403)."""

    scoped_action = "change"

    def get_object(self, queryset=None):
        row = super().get_object(queryset)
        check_row(self.request.user, row, self.scoped_action)
        return row
