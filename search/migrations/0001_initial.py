import django.db.models.deletion
from django.db import migrations, models


def create_index(apps, schema_editor):
    from search.backends import get_index

    for statement in get_index(schema_editor.connection.vendor).CREATE:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    from search.backends import get_index

    for statement in get_index(schema_editor.connection.vendor).DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("page", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                              primary_key=True, related_name="+",
                                              serialize=False, to="wagtailcore.page")),
                ("path", models.CharField(db_index=True, max_length=255)),
                ("kind", models.CharField(max_length=100, verbose_name="kind")),
                ("title", models.TextField(verbose_name="title")),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                ("body", models.TextField(blank=True, verbose_name="text")),
                ("published_at", models.DateTimeField(verbose_name="date")),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "search document",
                     "verbose_name_plural": "search documents",
                     "indexes": [models.Index(fields=["published_at", "page"],
                                              name="portal_search_date")]},
        ),
        migrations.RunPython(create_index, drop_index),
    ]
