"""Quản trị may require two-step sign-in for all staff (the accounts app's security settings)."""

from django.db import migrations


def grant(apps, schema_editor):
    from editorial.services import _permission

    Group = apps.get_model("auth.Group")
    models = type("Models", (), {"ContentType": apps.get_model("contenttypes.ContentType"),
                                 "Permission": apps.get_model("auth.Permission")})
    group = Group.objects.filter(name="Quản trị").first()
    if group is not None:
        group.permissions.add(_permission(models, "accounts", "change_securitysettings",
                                          "securitysettings"))


class Migration(migrations.Migration):
    dependencies = [("editorial", "0002_roles_and_workflow"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
