import io
import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import ReferenceIndex
from .test_editorial import people, other_category, client_for, User  # noqa
from .conftest import jpeg_bytes, publish_child
from news.models import NewsArticlePage

Doc = get_document_model()


def show(r):
    return r.status_code, r.get("Location")


def mkimg(image, owner, title):
    return type(image).objects.create(title=title, file=image.file.name, width=64, height=48,
                                      uploaded_by_user=owner)


def edit(img, title="X"):
    return {"title": title, "collection": img.collection_id, "tags": "", "description": ""}


def test_bulk_bypass(people, make_article, image):
    w = people["writer"]
    a = mkimg(image, w, "A"); b = mkimg(image, w, "B"); c = mkimg(image, w, "C")
    make_article("Bài A", featured_image=a)
    make_article("Bài B", featured_image=b)
    make_article("Bài C", featured_image=c)
    cw = client_for(w)
    print("refs", ReferenceIndex.get_references_to(a).count())
    r = cw.post(f"/admin/bulk/wagtailimages/image/delete/?id={a.pk}")
    print("plain", show(r))
    r = cw.post(f"/admin/bulk/wagtailimages/image/delete/?id=%20{b.pk}")
    print("space id", show(r), type(image).objects.filter(pk=b.pk).exists())
    r = cw.post(f"/admin/bulk/wagtailimages/image/delete/?id=all")
    print("all", show(r), type(image).objects.filter(pk__in=[a.pk, c.pk]).count())
    print(NewsArticlePage.objects.get(title="Bài A").featured_image)


def test_admin_all(people, make_article, image):
    a = mkimg(image, people["writer"], "A")
    make_article("Bài A", featured_image=a)
    r = client_for(people["admin"]).post(f"/admin/bulk/wagtailimages/image/delete/?id=all")
    print("admin all", show(r), type(image).objects.filter(pk=a.pk).exists())


def test_multiple_and_docs(people, make_article, image):
    w = people["writer"]
    a = mkimg(image, w, "A")
    d = Doc.objects.create(title="Doc", file=ContentFile(b"%PDF-1.4 x", name="d.pdf"), uploaded_by_user=w)
    from wagtail.test.utils.form_data import streamfield, rich_text, nested_form_data
    body = [("paragraph", {"type": "paragraph", "value": ""})]
    art = make_article("Bài", featured_image=None)
    art.body = [("document", {"document": d, "title": ""})] if False else []
    cw = client_for(w)
    # rich text embed image + document link
    html = f'<p>x</p><embed embedtype="image" id="{a.pk}" format="fullwidth" alt="a"/><p><a linktype="document" id="{d.pk}">tài liệu</a></p>'
    art2 = make_article("Bài RT", body=[("paragraph", html)])
    art2.refresh_from_db()
    print("body stored", art2.body.raw_data)
    print("refs img", list(ReferenceIndex.get_references_to(a).values_list("content_path", "object_id")))
    print("refs doc", list(ReferenceIndex.get_references_to(d).values_list("content_path", "object_id")))
    r = cw.post(f"/admin/images/multiple/{a.pk}/", {f"image-{a.pk}-title": "Y", f"image-{a.pk}-collection": a.collection_id, f"image-{a.pk}-tags": "", f"image-{a.pk}-description": ""})
    print("edit_multiple img", show(r))
    r = cw.post(f"/admin/documents/multiple/{d.pk}/", {f"doc-{d.pk}-title": "Y", f"doc-{d.pk}-collection": d.collection_id, f"doc-{d.pk}-tags": ""})
    print("edit_multiple doc", show(r), r.content[:200])
    r = cw.post(f"/admin/documents/edit/{d.pk}/", {"title": "Z", "collection": d.collection_id, "tags": ""})
    print("edit doc", show(r))
    r = cw.post(f"/admin/documents/delete/{d.pk}/")
    print("delete doc", show(r), Doc.objects.filter(pk=d.pk).exists())
    r = cw.post(f"/admin/bulk/wagtaildocs/document/add_tags/?id={d.pk}", {"tags": "x"})
    print("doc add_tags", show(r))


def test_portlet_and_logo(people, image, home):
    from portlets.models import Portlet
    w = people["writer"]
    a = mkimg(image, w, "A")
    p = Portlet.objects.create(title="Banner", content=[{"type": "banner", "value": {"image": a.pk, "link": "", "caption": ""}}])
    print("portlet blocks", p.content.raw_data)
    print("refs", list(ReferenceIndex.get_references_to(a).values_list("base_content_type__model", "content_path")))
    r = client_for(w).post(f"/admin/images/{a.pk}/delete/")
    print("delete portlet banner img", show(r))
    b = mkimg(image, w, "B")
    from core.models import SiteSettings
    s = SiteSettings.for_site(home.get_site())
    s.logo = b
    s.save()
    print("refs logo", list(ReferenceIndex.get_references_to(b).values_list("base_content_type__model", "content_path")))
    r = client_for(w).post(f"/admin/images/{b.pk}/delete/")
    print("delete logo", show(r))


def test_draft_of_live_page(people, make_article, image, category):
    """A writer's own live article: a draft that drops the photo, then the photo is deleted."""
    w = people["writer"]
    a = mkimg(image, w, "A")
    art = make_article("Bài", featured_image=a)
    art.owner = w; art.save()
    rev = art.save_revision(user=w)
    art.refresh_from_db()
    art.featured_image = None
    art.save_revision(user=w)
    print("refs after draft", ReferenceIndex.get_references_to(a).count())
    r = client_for(w).post(f"/admin/images/{a.pk}/delete/")
    print("delete after draft", show(r))
    # draft-only use
    b = mkimg(image, w, "B")
    art = NewsArticlePage.objects.get(pk=art.pk).get_latest_revision_as_object()
    art.featured_image = b
    art.save_revision(user=w)
    print("refs draft-only", ReferenceIndex.get_references_to(b).count())
    r = client_for(w).post(f"/admin/images/{b.pk}/", edit(b, "Ok"))
    print("edit draft-only", show(r))


def test_superuser_and_leader(people, make_article, image):
    a = mkimg(image, people["writer"], "A")
    make_article("Bài", featured_image=a)
    boss = User.objects.create_superuser("boss", "b@x.invalid", "x")
    print("super", show(client_for(boss).post(f"/admin/images/{a.pk}/", edit(a, "S"))))
    print("leader del", show(client_for(people["approver"]).post(f"/admin/images/{a.pk}/delete/")))
