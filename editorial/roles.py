"""The four editorial roles and what each may do, in one table used by the migration that creates
the role groups and by the per-category groups made for every news category.

Page rights use Wagtail's page permissions ("add" = write and edit one's own pages, "change" =
edit anyone's, "publish"); the other rights are Django model permissions. Nobody below "Lãnh
đạo duyệt tin" holds "publish": their work reaches the public only through the workflow.
Quản trị holds no page right and cannot change the roles (groups) or the workflow: those are a
superuser's, so an administrator cannot give themselves the right to publish."""

from dataclasses import dataclass, field

WRITER, EDITOR, APPROVER, ADMINISTRATOR = "writer", "editor", "approver", "administrator"


@dataclass(frozen=True)
class Role:
    key: str
    name: str  # the group's name, shown in the admin (Vietnamese, as the agency says it)
    page: tuple = ()  # page permission actions, granted on the whole site or on a category
    collection: tuple = ()  # image/document permissions on the root collection
    model: tuple = field(default_factory=tuple)  # "app_label.codename"
    per_category: bool = True  # also made once per news category
    # model rights of the role's whole-site group only, never of its per-category groups: the
    # audit trail shows every account's sign-ins and addresses, not one category's business
    whole_site: tuple = ()


_MEDIA_READ = ("add_image", "choose_image", "add_document", "choose_document")
_MEDIA_EDIT = _MEDIA_READ + ("change_image", "change_document")
# the shared lists items are filed under (issuing agencies, fields): editors add and correct them
_TERMS = ("pages.add_term", "pages.change_term")
# the public's comments on drafts (consultation): approved or rejected by editors and approvers
_COMMENTS = ("consultation.moderate_draftcomment",)
# the audit trail (who signed in, changed rights, published; from where): the leadership's
# and the administrators' to read, nobody's to change
_AUDIT = ("audit.view_auditevent",)
# "Dịch" (simple_translation): an English copy of a page, made as a draft that goes through
# the workflow like any other
_TRANSLATE = ("simple_translation.submit_translation",)

ROLES = [
    Role(WRITER, "Cộng tác viên / Phóng viên", page=("add",), collection=_MEDIA_READ,
         model=("wagtailadmin.access_admin",)),
    Role(EDITOR, "Biên tập viên", page=("add", "change", "lock"), collection=_MEDIA_EDIT,
         model=("wagtailadmin.access_admin",) + _TERMS + _COMMENTS + _TRANSLATE),
    # the agency's leadership also reads the statistics (visits, satisfaction ratings), and
    # may redirect a page it retires to its replacement (lifecycle: a redirect, as
    # Settings › Redirects makes)
    Role(APPROVER, "Lãnh đạo duyệt tin", page=("add", "change", "lock", "unlock", "publish"),
         collection=_MEDIA_EDIT, model=("wagtailadmin.access_admin", "visits.view_dailycount",
                                        "wagtailredirects.add_redirect")
         + _TERMS + _COMMENTS + _TRANSLATE, whole_site=_AUDIT),
    Role(ADMINISTRATOR, "Quản trị", collection=_MEDIA_EDIT + ("delete_image", "delete_document"),
         per_category=False,
         model=("wagtailadmin.access_admin",
                "auth.add_user", "auth.change_user", "auth.delete_user",
                "core.change_sitesettings", "accounts.change_securitysettings",
                "pages.add_term", "pages.change_term", "pages.delete_term",
                "portal_search.add_abbreviation", "portal_search.change_abbreviation",
                "portal_search.delete_abbreviation",
                "portlets.add_portlet", "portlets.change_portlet", "portlets.delete_portlet",
                "wagtailredirects.add_redirect", "wagtailredirects.change_redirect",
                "wagtailredirects.delete_redirect",
                # the planned-maintenance banner and the EMC measurement tag (sitewide)
                "sitewide.add_maintenancenotice", "sitewide.change_maintenancenotice",
                "sitewide.delete_maintenancenotice", "sitewide.change_trackingsettings",
                # old portals' addresses: mappings, the unmapped list (oldurls; old
                # hostnames are the superusers')
                "oldurls.add_oldurl", "oldurls.change_oldurl", "oldurls.delete_oldurl",
                "oldurls.view_oldurl", "oldurls.view_unmappedhit",
                "oldurls.delete_unmappedhit",
                # the site's other host names (multisite)
                "multisite.add_sitealias", "multisite.change_sitealias",
                "multisite.delete_sitealias") + _AUDIT),
]
# rights a site's group holds on its own site only (Wagtail's GroupSitePermission) when the
# install has several sites (multisite.services.scope_site); the others stay install-wide
PER_SITE = {"core.change_sitesettings", "portlets.add_portlet", "portlets.change_portlet",
            "portlets.delete_portlet", "multisite.add_sitealias", "multisite.change_sitealias",
            "multisite.delete_sitealias", "oldurls.add_oldurl", "oldurls.change_oldurl",
            "oldurls.delete_oldurl", "oldurls.view_oldurl",
            # the audit trail is the whole install's (sign-ins are no site's): a site's own
            # groups hold it on their site only, which the report does not count, so on an
            # install of several sites only superusers read it
            *_AUDIT}
ROLES_BY_KEY = {role.key: role for role in ROLES}


def category_group_name(role, category_title):
    return f"{role.name} · {category_title}"[:150]
