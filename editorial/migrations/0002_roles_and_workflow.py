"""The editorial roles as groups, and the approval workflow on the whole site:
draft → Biên tập (the category's editors) → Phê duyệt (the category's approvers) → published.

Wagtail's own "Editors"/"Moderators" groups and its one-step "Moderators approval" workflow are
removed while nobody uses them (a new database), so the admin shows only the agency's roles."""

from types import SimpleNamespace

from django.db import migrations

WORKFLOW_NAME = "Duyệt tin bài"
STEPS = [("Biên tập", "change"), ("Phê duyệt", "publish")]


def create_roles_and_workflow(apps, schema_editor):
    from editorial.roles import ROLES
    from editorial.services import free_group_name, grant_role

    models = SimpleNamespace(**{name: apps.get_model(label) for name, label in [
        ("Group", "auth.Group"), ("Permission", "auth.Permission"),
        ("ContentType", "contenttypes.ContentType"), ("Collection", "wagtailcore.Collection"),
        ("GroupPagePermission", "wagtailcore.GroupPagePermission"),
        ("GroupCollectionPermission", "wagtailcore.GroupCollectionPermission")]})
    Page = apps.get_model("wagtailcore.Page")
    root = Page.objects.filter(depth=1).first()

    for name in ["Editors", "Moderators"]:
        models.Group.objects.filter(name=name, user__isnull=True).delete()
    for role in ROLES:
        group, _ = models.Group.objects.get_or_create(name=role.name)
        grant_role(group, role, root, models)

    # the news categories that already exist get their groups too (new ones by a signal)
    CategoryGroup = apps.get_model("editorial.CategoryGroup")
    for category in apps.get_model("news.NewsCategoryPage").objects.all():
        for role in ROLES:
            if role.per_category and not CategoryGroup.objects.filter(
                    category_id=category.pk, role=role.key).exists():
                group = models.Group.objects.create(
                    name=free_group_name(models.Group, role, category.title, category.pk))
                grant_role(group, role, Page.objects.get(pk=category.pk), models, category=True)
                CategoryGroup.objects.create(category_id=category.pk, role=role.key, group=group)

    ContentType = models.ContentType
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    ReviewTask = apps.get_model("editorial.ReviewTask")
    if not models.Group.objects.filter(name="Moderators").exists():
        old = Workflow.objects.filter(name="Moderators approval")
        apps.get_model("wagtailcore.Task").objects.filter(
            workflow_tasks__workflow__in=old).update(active=False)
        old.update(active=False)
    if root is None or Workflow.objects.filter(name=WORKFLOW_NAME).exists():
        return
    task_type, _ = ContentType.objects.get_or_create(app_label="editorial", model="reviewtask")
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    for order, (name, permission) in enumerate(STEPS):
        task = ReviewTask.objects.create(name=name, permission=permission, active=True,
                                         content_type=task_type)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("core", "0001_initial"),
        ("portlets", "0001_initial"),
        ("news", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflow, migrations.RunPython.noop)]
