"""The rights Wagtail's group form gives on pages and collections are written with
`bulk_create`, which sends no `post_save`: this panel, last of the group form's permission
panels and showing nothing, notes the group's rights before the others save and records the
ones they added. Removals send `post_delete` and are recorded by audit.receivers."""

from django import forms
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from .receivers import scoped_permission_key, scoped_permission_text
from .services import record


class GrantsRecorder:
    media = forms.Media()

    def __init__(self, instance=None, **kwargs):
        self.group = instance
        self.before = set(self.rows())

    def rows(self):
        if self.group is None or self.group.pk is None:
            return {}
        rows = [*GroupPagePermission.objects.filter(group=self.group)
                .select_related("permission__content_type", "page"),
                *GroupCollectionPermission.objects.filter(group=self.group)
                .select_related("permission__content_type", "collection")]
        return {scoped_permission_key(row): row for row in rows}

    def is_valid(self):
        return True

    def save(self):
        for key, row in self.rows().items():
            if key not in self.before:
                record("audit.permission_granted", target=self.group.name,
                       detail=scoped_permission_text(row))

    def as_admin_panel(self):
        return ""
