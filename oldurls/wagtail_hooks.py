"""The admin of old addresses (oldurls.views): Settings → Old links, Old hostnames."""

from django.urls import path
from wagtail import hooks

from . import views


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [views.OldUrlViewSet(), views.UnmappedViewSet(), views.OldHostViewSet()]


@hooks.register("register_admin_urls")
def register_urls():
    return [path("oldurls/csv/", views.csv_view, name="oldurls_csv")]
