import pytest
from django.contrib.auth.models import Group
from editorial.models import CategoryGroup
from editorial import roles
from news.models import NewsCategoryPage
from .conftest import publish_child


def names(cat):
    return sorted(CategoryGroup.objects.filter(category=cat).values_list("group__name", flat=True))


def test_collision(news_root):
    a = publish_child(news_root, NewsCategoryPage(title="A", slug="a"))
    q = publish_child(news_root, NewsCategoryPage(title="Q", slug="q"))
    z = publish_child(news_root, NewsCategoryPage(title="Z", slug="z"))
    z.title = f"A (#{q.pk})"
    z.save_revision().publish()
    print(names(z))
    q.title = "A"
    try:
        q.save_revision().publish()
        print("ok", names(q))
    except Exception as e:
        print("EXC", type(e).__name__, e)


def test_handmade_group(news_root):
    a = publish_child(news_root, NewsCategoryPage(title="A", slug="a"))
    Group.objects.create(name="Biên tập viên · B")
    b = NewsCategoryPage(title="B", slug="b")
    news_root.add_child(instance=b)
    Group.objects.create(name=f"Biên tập viên · A (#{b.pk + 1})")
    try:
        c = publish_child(news_root, NewsCategoryPage(title="A", slug="a2"))
        print("ok", names(c))
    except Exception as e:
        print("EXC2", type(e).__name__, e)


def test_delete_parent(news_root, category):
    ids = list(CategoryGroup.objects.values_list("group_id", flat=True))
    n = CategoryGroup.objects.filter(category__in=[news_root, category]).count()
    news_root.delete()
    print("after delete: links", CategoryGroup.objects.count(), "groups left of", n, Group.objects.filter(pk__in=ids).count())


def test_long_titles(news_root):
    t = "Tin " * 60
    a = publish_child(news_root, NewsCategoryPage(title=t, slug="l1"))
    b = publish_child(news_root, NewsCategoryPage(title=t + "x", slug="l2"))
    print([len(n) for n in names(a) + names(b)], names(b)[0][-12:])
