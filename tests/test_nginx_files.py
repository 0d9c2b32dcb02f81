"""Files behind nginx as the recipe (deploy/nginx/vnportal.conf) deploys them: nginx serves photo renditions itself and sends
documents only after the app's check (X-Accel-Redirect to an internal location); the files of a
draft are a 404 however they are asked for."""

import os
import shutil
import ssl
import urllib.error
import urllib.parse
import urllib.request

import pytest

from .servers import (free_port, gunicorn, install_site, manage, nginx_recipe, nginx_serving,
                      server_env)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PASSWORD = "Kiem-thu-2026!"
PDF = b"%PDF-1.4\n" + b"0123456789" * 5000 + b"\n%%EOF\n"
MAKE_FILES = f"""
import json
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction
from news.models import NewsArticlePage, NewsCategoryPage
Document = get_document_model()
def upload(name):
    document = Document(title=name)
    document.file.save(name + ".pdf", ContentFile({PDF!r}), save=False)
    document.save()
    return document
public, draft, member = upload("cong-khai"), upload("ban-nhap"), upload("noi-bo")
category = NewsCategoryPage.objects.live().filter(depth=4).first()
for title, document, live in (("Bài có tệp", public, True), ("Bản nháp có tệp", draft, False),
                              ("Bài nội bộ có tệp", member, True)):
    page = NewsArticlePage(title=title, live=live, body=[{{"type": "document",
                                                          "value": {{"document": document.pk}}}}])
    category.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
PageViewRestriction.objects.create(page=page, restriction_type="login")
get_user_model().objects.create_user("kiemthu", password={PASSWORD!r})
article = NewsArticlePage.objects.live().exclude(featured_image=None).first()
rendition = article.featured_image.get_rendition("fill-300x200")
print(json.dumps({{"public": public.url, "draft": draft.url, "member": member.url, "public_file": public.file.name,
                  "draft_file": draft.file.name, "rendition": rendition.url}}))
"""
UNVERIFIED = ssl._create_unverified_context()  # the recipe's TLS, with a self-signed certificate


def get(url, **headers):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                    timeout=20, context=UNVERIFIED) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not os.path.exists(NGINX):
        pytest.skip("nginx is not installed (apt-get install -y nginx-light)")
    var = tmp_path_factory.mktemp("nginx-var")
    env = server_env(var, MEDIA_ACCEL_REDIRECT="/_protected_media/", SERVE_MEDIA="0")
    install_site(env, static=True)
    import json

    files = json.loads(manage(env, "shell", "-c", MAKE_FILES).stdout.strip().splitlines()[-1])
    with gunicorn(env, var) as app:
        port = free_port()
        url = f"https://127.0.0.1:{port}"
        with nginx_serving(var, nginx_recipe(var, [app], free_port(), port), url):
            yield url, files


def test_nginx_sends_a_public_document_after_the_check(site):
    url, files = site
    status, headers, body = get(url + files["public"])
    assert status == 200 and body == PDF
    assert "X-Accel-Redirect" not in headers
    assert int(headers["Content-Length"]) == len(PDF)
    assert "public" in headers["Cache-Control"]
    status, headers, body = get(url + files["public"], Range="bytes=0-8")
    assert status == 206 and body == PDF[:9]  # ranges, for video and large PDFs


def test_a_private_file_keeps_its_headers_through_nginx(site):
    """nginx drops the app's headers after an X-Accel-Redirect unless its location adds them
    back: a private file must stay out of shared caches and search engines, and a document
    keeps the sandbox Wagtail gives it."""
    import http.cookiejar
    import re

    url, files = site
    assert get(url + files["member"])[0] == 404
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                         urllib.request.HTTPSHandler(context=UNVERIFIED))
    form = opener.open(url + "/dang-nhap/", timeout=20).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "kiemthu",
                                   "password": PASSWORD, "next": "/"}).encode()
    # over HTTPS Django checks the Referer against the host nginx passes on ($host: without
    # the port, as a reader on 443 sends it); this test's nginx listens on another port
    opener.open(urllib.request.Request(url + "/dang-nhap/", data=data,
                                       headers={"Referer": "https://127.0.0.1/dang-nhap/"}),
                timeout=20)
    with opener.open(url + files["member"], timeout=20) as response:
        headers, body = response.headers, response.read()
    assert body == PDF
    assert "private" in headers["Cache-Control"] and "no-store" in headers["Cache-Control"]
    assert headers["X-Robots-Tag"] == "noindex" and "Cookie" in headers["Vary"]
    assert headers["Content-Security-Policy"] == "default-src 'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    for check in (files["public"],):
        _status, public_headers, _body = get(url + check)
        assert public_headers["Content-Security-Policy"] == "default-src 'none'"


def test_the_file_of_a_draft_is_not_found_however_it_is_asked_for(site):
    url, files = site
    for path in [files["draft"], "/media/" + files["draft_file"],
                 "/media/images/%2e%2e/" + files["draft_file"],
                 "/media/images/..%2f" + files["draft_file"],
                 "/_protected_media/" + files["draft_file"],
                 "/_protected_media/" + files["public_file"]]:
        status, _headers, body = get(url + path)
        assert status == 404 and PDF[:200] not in body, path


def test_nginx_serves_renditions_itself(site):
    url, files = site
    status, headers, body = get(url + files["rendition"])
    assert status == 200 and body[:2] == b"\xff\xd8"
    assert "max-age=2592000" in headers.get("Cache-Control", "")


def test_uploads_of_documents_up_to_the_limit_reach_the_app(site):
    """nginx's default body limit is 1 MB: the recipe raises it for 50 MB documents."""
    url, _files = site
    request = urllib.request.Request(url + "/dang-nhap/", data=b"x" * (3 * 1024 * 1024),
                                     method="POST")
    try:
        urllib.request.urlopen(request, timeout=20, context=UNVERIFIED)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    assert status != 413  # the app answers (a refused sign-in form), not nginx
