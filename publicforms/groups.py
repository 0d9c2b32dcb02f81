"""The staff groups of the apps that take what the public sends (questions, messages): made
after every migrate with the rights they need."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission


def ensure_group(name, permissions):
    """The group `name` holding `permissions` ("app_label.codename", …) and the admin's
    door, made when missing; rights are only added, never taken. (After a first migrate,
    auth may not have made an app's permissions yet when that app's post_migrate runs.)"""
    labels = {dotted.split(".")[0] for dotted in permissions} | {"wagtailadmin"}
    for label in labels:
        create_permissions(apps.get_app_config(label), verbosity=0)
    group, _created = Group.objects.get_or_create(name=name)
    wanted = [("wagtailadmin", "access_admin")] + [tuple(p.split(".")) for p in permissions]
    for app_label, codename in wanted:
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label,
                                                         codename=codename))
    return group
