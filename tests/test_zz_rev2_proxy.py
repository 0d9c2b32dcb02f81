import time
import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from visits.middleware import client_address
from .test_accounts import ADMIN_LOGIN


@pytest.mark.parametrize("header,count", [
    ("", 1), ("   ", 1), (" , ", 1), ("1.1.1.1 ,  2.2.2.2 ", 1), ("2.2.2.2", 3),
    ("2001:db8::1, 2001:db8::2", 1), ("1.1.1.1, 2.2.2.2", 0), ("garbage, 2.2.2.2", 2),
    ("2.2.2.2:5555", 1), ("unknown", 1)])
def test_ca(settings, header, count):
    settings.VISITS_TRUST_X_FORWARDED_FOR = True
    settings.TRUSTED_PROXY_COUNT = count
    r = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR="10.0.0.9")
    print(repr(header), count, "->", repr(client_address(r)))


@pytest.mark.parametrize("header", ["garbage, 2.2.2.2", "2.2.2.2:5555", "unknown"])
def test_login_bad_ip(db, client, settings, header):
    settings.VISITS_TRUST_X_FORWARDED_FOR = True
    settings.TRUSTED_PROXY_COUNT = 2 if header.startswith("garbage") else 1
    r = client.post(ADMIN_LOGIN, {"username": "x", "password": "y"}, REMOTE_ADDR="10.0.0.9",
                    HTTP_X_FORWARDED_FOR=header)
    print(header, "login", r.status_code, list(AccessAttempt.objects.values_list("ip_address", flat=True)))


def test_idle_ajax(db, client, settings, django_user_model):
    from accounts.middleware import LAST_ACTIVE_KEY
    from django.contrib.auth.models import Group
    u = django_user_model.objects.create_user("bt", "b@x.invalid", "x")
    u.groups.add(Group.objects.get(name="Biên tập viên"))
    client.force_login(u)
    assert client.get("/admin/").status_code == 200
    s = client.session; s[LAST_ACTIVE_KEY] = int(time.time()) - 3600; s.save()
    r = client.post("/admin/editing-sessions/release/1/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    print("ajax after idle", r.status_code, r.get("Location"), r.content[:100])
    r = client.get("/admin/")
    print("then", r.status_code, r.get("Location"))
