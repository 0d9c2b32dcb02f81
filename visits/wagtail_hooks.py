from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("thong-ke/", views.dashboard, name="visits_dashboard")]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("visits.view_dailycount")


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return StatisticsMenuItem(_("Statistics"), reverse("visits_dashboard"), icon_name="table",
                              order=900)
