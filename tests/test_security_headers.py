"""Security headers (issue 17): a strict Content-Security-Policy on every answer, public and
admin, Permissions-Policy, no cookie and no `Vary: Cookie` on anonymous pages without a form,
and /.well-known/security.txt from the site's settings."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

from core import csp
from core.models import SiteSettings

from .conftest import client_for, make_user
from .security_headers import parse, policy_of, problems, source_hash, walk

pytestmark = pytest.mark.django_db


def fetcher(client):
    def fetch(path):
        response = client.get(path)
        body = response.content.decode("utf-8", "replace") \
            if "text/html" in response.get("Content-Type", "") else ""
        return response.status_code, response.headers, body
    return fetch


@pytest.fixture
def demo(seed_file, tmp_path, monkeypatch):
    from demo import services

    monkeypatch.setattr(services, "CREDENTIALS_FILE", tmp_path / "demo-credentials.json")
    call_command("load_demo")


@pytest.mark.slow
def test_every_address_of_the_demo_carries_the_headers(demo, client):
    start = ["/", "/en/", "/sitemap.xml", "/rss/", "/so-do-cong/", "/robots.txt",
             "/.well-known/security.txt", "/tim-kiem/?q=khoa+h%E1%BB%8Dc", "/dang-nhap/",
             "/admin/login/", "/khong-co-trang-nay/", "/healthz"]
    seen, found = walk(fetcher(client), start)
    assert len(seen) > 250, "the walk should reach the whole demo"
    assert found == []


def test_public_page_policy_is_strict_and_allows_its_own_inline_script(home, client):
    response = client.get("/")
    policy = policy_of(response.headers)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert not any(source.startswith("'nonce-") for source in policy["script-src"])
    inline = [text for attributes, text in parse(response.content.decode()).inline_scripts]
    assert inline == [csp.HEAD_SCRIPT]
    assert source_hash(csp.HEAD_SCRIPT) in policy["script-src"]
    assert problems("http://testserver/", 200, response.headers, response.content.decode()) == []
    assert "camera=()" in response["Permissions-Policy"]


def test_an_inline_script_added_to_a_page_is_not_allowed(home, client):
    response = client.get("/")
    body = response.content.decode().replace("</body>", "<script>alert(1)</script></body>")
    found = problems("http://testserver/", 200, response.headers, body)
    assert any("inline script not allowed" in problem for problem in found)


def test_admin_inline_scripts_carry_the_answers_nonce(home, image):
    editor = make_user("csp_admin")
    editor.is_superuser = True
    editor.save()
    response = client_for(editor).get(f"/admin/pages/{home.id}/edit/")
    assert response.status_code == 200
    policy = policy_of(response.headers)
    nonces = [source for source in policy["script-src"] if source.startswith("'nonce-")]
    assert len(nonces) == 1
    body = response.content.decode()
    scripts = parse(body).inline_scripts
    assert scripts, "the page editor writes inline scripts (choosers, date fields)"
    assert {attributes.get("nonce") for attributes, text in scripts} == {nonces[0][7:-1]}
    assert problems("http://testserver/admin/", 200, response.headers, body,
                    signed_in=True) == []
    # another answer, another nonce
    again = policy_of(client_for(editor).get(f"/admin/pages/{home.id}/edit/").headers)
    assert [s for s in again["script-src"] if s.startswith("'nonce-")] != nonces


def test_admin_policy_allows_inline_styles_but_public_pages_do_not(home, client):
    admin = policy_of(client.get("/admin/login/").headers)
    public = policy_of(client.get("/").headers)
    assert "'unsafe-inline'" in admin["style-src"]
    assert "'unsafe-inline'" not in admin["script-src"]
    assert "'unsafe-inline'" not in public["style-src"]


def test_preview_may_be_framed_by_the_admin_and_nothing_else_frames_pages(home, client):
    assert policy_of(client.get("/").headers)["frame-ancestors"] == ["'none'"]
    editor = make_user("csp_preview")
    editor.is_superuser = True
    editor.save()
    response = client_for(editor).get(f"/admin/pages/{home.id}/edit/preview/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy_of(response.headers)["frame-ancestors"] == ["'self'"]


def test_the_sites_emc_origin_is_allowed_on_its_pages_only(home, client):
    from sitewide.models import TrackingSettings

    site = Site.objects.get(is_default_site=True)
    tracking = TrackingSettings.for_site(site)
    tracking.emc_script_url = "https://tinnhiemmang.vn/emc.js"
    tracking.save()
    response = client.get("/")
    policy = policy_of(response.headers)
    for directive in ("script-src", "connect-src", "img-src"):
        assert "https://tinnhiemmang.vn" in policy[directive]
    assert problems("http://testserver/", 200, response.headers,
                    response.content.decode()) == []


def test_anonymous_pages_without_a_form_send_no_cookie_and_no_vary_cookie(home, client):
    response = client.get("/")
    assert response.status_code == 200
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies


def test_pages_with_a_form_and_signed_in_answers_keep_vary_cookie(home, client):
    response = client.get("/dang-nhap/")
    assert "csrftoken" in response.cookies
    assert "cookie" in response["Vary"].lower()
    user = make_user("csp_vary")
    signed_in = client_for(user).get("/")
    assert "cookie" in signed_in["Vary"].lower()
    assert "private" in signed_in["Cache-Control"]


def test_security_txt_names_the_sites_contact(home, client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.email = "skhcn@example.gov.vn"
    settings.save()
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Contact: mailto:skhcn@example.gov.vn" in text
    assert re.search(r"^Expires: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", text, re.M)
    assert "Canonical: http://testserver/.well-known/security.txt" in text
    settings.security_contact = "https://example.gov.vn/bao-loi-bao-mat/"
    settings.save()
    text = client.get("/.well-known/security.txt").content.decode()
    assert "Contact: https://example.gov.vn/bao-loi-bao-mat/" in text


def test_security_txt_is_404_without_a_contact(home, client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.email = ""
    settings.security_contact = ""
    settings.save()
    assert client.get("/.well-known/security.txt").status_code == 404


@override_settings(LANGUAGE_CODE="vi")
def test_security_contact_must_be_an_address_or_https_page(home):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for wrong in ("javascript:alert(1)", "http://example.com/", "not an address"):
        settings.security_contact = wrong
        with translation.override("vi"), pytest.raises(ValidationError) as refused:
            settings.full_clean()
        assert "https://" in str(refused.value)
        assert "Nhập" in str(refused.value)


def test_a_broken_script_source_provider_does_not_take_pages_down(home, client, monkeypatch):
    def broken(request):
        raise RuntimeError("broken setting")

    monkeypatch.setattr(csp, "_script_source_providers", [broken])
    assert client.get("/").status_code == 200


def test_the_preview_panel_of_real_content_may_be_framed_by_the_admin(home):
    """Wagtail previews by running an inner request under the public policy, then lets the
    admin frame the answer (X-Frame-Options SAMEORIGIN): the policy must follow."""
    editor = make_user("csp_preview_panel")
    editor.is_superuser = True
    editor.save()
    client = client_for(editor)
    url = f"/admin/pages/{home.id}/edit/preview/"
    form = client.get(f"/admin/pages/{home.id}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for formset in getattr(form, "formsets", {}).values():
        data.update({f"{formset.prefix}-{key}": value
                     for key, value in formset.management_form.initial.items()})
    posted = client.post(url, {**data, "title": "Trang chủ xem trước", "slug": home.slug})
    assert posted.status_code == 200 and posted.json()["is_valid"]
    response = client.get(url + "?in_preview_panel=true")
    assert "Trang chủ xem trước" in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy_of(response.headers)["frame-ancestors"] == ["'self'"]
