"""The sites' aliases in the admin (Cài đặt → Tên miền phụ), for superusers and each site's
administrators (on their own site only), and the media collection of a section's site for its
per-section groups (editorial)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin import SiteAliasViewSet
from .models import SiteAlias
from .selectors import collection_for_page

register_permission_policy(SiteAlias, SitePermissionPolicy(SiteAlias))


@hooks.register("register_admin_viewset")
def register_aliases():
    return SiteAliasViewSet("site_aliases", menu_label=_("Site aliases"))


@hooks.register("media_collection_for_page")
def media_collection(page):
    return collection_for_page(page)
