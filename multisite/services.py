"""Writes of the multisite app: a new site with everything it needs (`create_site`), and the
first site's groups and media kept to that site once there are several (`scope_site`).

Every site has one group per editorial role (editorial.roles), named after it ("Sở X · Biên
tập viên"), with its page rights on the site's home page (and its translations), its media
rights on the site's own collection, and the rights `PER_SITE` names (the site's settings,
portlets, aliases) on the site alone. The approval workflow is assigned to its home page."""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _

from editorial.roles import ROLES, ROLES_BY_KEY
from editorial.services import grant_role, live_models

from .models import SiteAlias, SiteCollection, SiteGroup, hostname_error


class SiteError(ValueError):
    """Input `create_site` refuses, with a message for the operator (Vietnamese)."""


@dataclass
class Outcome:
    site: object = None
    created: list = field(default_factory=list)  # what was made, one line each

    @property
    def changed(self):
        return bool(self.created)


def site_group_name(site_name, role):
    return f"{site_name} · {role.name}"[:150]


def home_pages(site):
    """The site's home page and its translations (/en/…): its groups hold their rights there."""
    return list(site.root_page.get_translations(inclusive=True).order_by("path"))


def _collection_for(site, name, outcome):
    from wagtail.models import Collection

    link = SiteCollection.objects.filter(site=site).select_related("collection").first()
    if link is not None:
        return link.collection
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(name=name)
        outcome.created.append(_("media collection “%(name)s”") % {"name": name})
    SiteCollection.objects.create(site=site, collection=collection)
    return collection


def _grant_site(site, group, role, collection):
    grant_role(group, role, home_pages(site), live_models(), collection=collection, site=site)


def ensure_site_groups(site, name, outcome=None, adopt_role_groups=False):
    """The site's group for each role (made when missing, renamed never), with their rights.
    With `adopt_role_groups`, the install's role groups ("Biên tập viên"…, which the
    migrations made for the first site) become this site's, instead of new ones."""
    from django.contrib.auth.models import Group

    outcome = outcome or Outcome(site=site)
    collection = _collection_for(site, name, outcome)
    for role in ROLES:
        link = SiteGroup.objects.filter(site=site, role=role.key).select_related("group").first()
        if link is None:
            group = Group.objects.filter(name=role.name).first() if adopt_role_groups else None
            if group is None or SiteGroup.objects.filter(group=group).exists():
                group, made = Group.objects.get_or_create(name=site_group_name(name, role))
                if made:
                    outcome.created.append(_("group “%(name)s”") % {"name": group.name})
            link = SiteGroup.objects.create(site=site, role=role.key, group=group)
        _grant_site(site, link.group, role, collection)
    return outcome


def scope_site(site, name=None):
    """Keep what the install's role groups may do to `site` (the first site, made before
    there were several): their page rights move from the tree's root to the site's home
    pages, their media rights and those of its per-section groups from the root collection to
    the site's own collection (where its photos and documents move), the `PER_SITE`
    rights to the site alone, and the portlets of no site become its own. Idempotent;
    returns an Outcome saying what changed."""
    from django.contrib.auth.models import Group
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (Collection, GroupCollectionPermission, GroupPagePermission,
                                Page)

    from editorial.models import CategoryGroup

    outcome = Outcome(site=site)
    already = SiteGroup.objects.filter(site=site).exists()
    name = name or site.site_name or site.hostname
    with transaction.atomic():
        root_collection = Collection.get_first_root_node()
        collection = _collection_for(site, name, outcome)
        role_groups = [group for group in Group.objects.filter(name__in=[r.name for r in ROLES])
                       if not SiteGroup.objects.filter(group=group).exclude(site=site).exists()]
        ensure_site_groups(site, name, outcome, adopt_role_groups=True)
        own = list(SiteGroup.objects.filter(site=site).values_list("group_id", flat=True))
        tree_root = Page.get_first_root_node()
        moved = GroupPagePermission.objects.filter(group__in=own, page=tree_root).delete()[0]
        # the per-section groups of the site's sections: media rights on its collection
        homes = home_pages(site)
        sections = [link.group_id for link in CategoryGroup.objects.select_related("category")
                    if any(link.category.path.startswith(home.path) for home in homes)]
        for permission in GroupCollectionPermission.objects.filter(
                group__in=own + sections, collection=root_collection):
            GroupCollectionPermission.objects.get_or_create(
                group=permission.group, collection=collection, permission=permission.permission)
            permission.delete()
            moved += 1
        # the portlets made so far are this site's: its administrators manage them
        apps.get_model("portlets", "Portlet").objects.filter(site=None).update(site=site)
        media = 0
        for model in (get_image_model(), get_document_model()):
            media += model.objects.filter(collection=root_collection).update(
                collection=collection)
        if moved or media or (role_groups and not already):
            outcome.created.append(
                _("the groups of “%(name)s” kept to its home page and its collection "
                  "(%(media)s photos and documents moved into it)")
                % {"name": name, "media": media})
    return outcome


def _site_name_taken(name):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name__in=[site_group_name(name, role) for role in ROLES])


def create_site(name, hostname, aliases=(), port=80, admin_email=None):
    """The site `hostname` of the agency `name`: its home page (a new child of the tree's root,
    published), the Site, its settings (the agency's name), its media collection, its groups
    and its workflow; its `aliases`; `admin_email`'s account (if it exists) made a member of
    its administrators. Run again, it makes what is missing and changes nothing else.
    The first site, made before there were several, is scoped first (`scope_site`).
    Raises SiteError (Vietnamese) for a bad host name or one used by another site."""
    from wagtail.models import Page, Site, WorkflowPage

    from core.models import SiteSettings
    from news.models import HomePage

    name = (name or "").strip()
    hostname = (hostname or "").strip()
    aliases = [alias.strip() for alias in aliases if alias.strip()]
    if not name:
        raise SiteError(_("Give the site's name (--name), e.g. “Sở Khoa học và Công nghệ”."))
    for each in [hostname, *aliases]:
        error = hostname_error(each)
        if error is not None:
            raise SiteError(f"{each}: {error}")
    if hostname in aliases:
        raise SiteError(_("“%(hostname)s” cannot be both the host name and an alias.")
                        % {"hostname": hostname})
    site = Site.objects.filter(hostname=hostname, port=port).first()
    if site is None and Site.objects.filter(hostname=hostname).exists():
        raise SiteError(_("The host name “%(hostname)s” is already used by another site (on "
                          "another port).") % {"hostname": hostname})
    alias = SiteAlias.objects.filter(hostname=hostname).first()
    if alias is not None:
        raise SiteError(_("“%(hostname)s” is already an alias of the site %(site)s.")
                        % {"hostname": hostname, "site": alias.site.hostname})
    for each in aliases:
        if Site.objects.filter(hostname=each).exists():
            raise SiteError(_("“%(hostname)s” is already the host name of a site.")
                            % {"hostname": each})
        taken = SiteAlias.objects.filter(hostname=each).exclude(site=site).first()
        if site is not None and taken is None:
            continue
        if taken is not None or (site is None and SiteAlias.objects.filter(hostname=each)
                                 .exists()):
            raise SiteError(_("“%(hostname)s” is already an alias of another site.")
                            % {"hostname": each})
    if site is None and _site_name_taken(name).exists():
        raise SiteError(_("Another site is already named “%(name)s”: choose another name.")
                        % {"name": name})

    outcome = Outcome()
    with transaction.atomic():
        others = list(Site.objects.exclude(pk=site.pk if site else None))
        for other in others:
            if not SiteGroup.objects.filter(site=other).exists():
                outcome.created += scope_site(other).created
        if site is None:
            home = HomePage(title=name, slug=_free_slug(hostname))
            Page.get_first_root_node().add_child(instance=home)
            home.save_revision().publish()
            site = Site.objects.create(hostname=hostname, port=port, site_name=name,
                                       root_page=home, is_default_site=not Site.objects.exists())
            outcome.created.append(_("home page “%(title)s” and site %(hostname)s:%(port)s")
                                   % {"title": name, "hostname": hostname, "port": port})
            settings = SiteSettings.for_site(site)
            settings.agency_name, settings.governing_body = name, ""
            settings.save()
        outcome.site = site
        for each in aliases:
            if not SiteAlias.objects.filter(hostname=each).exists():
                SiteAlias.objects.create(hostname=each, site=site)
                outcome.created.append(_("alias %(hostname)s") % {"hostname": each})
        ensure_site_groups(site, name, outcome)
        workflow = Page.get_first_root_node().get_workflow()
        if workflow is not None and not WorkflowPage.objects.filter(page=site.root_page).exists():
            WorkflowPage.objects.create(page=site.root_page, workflow=workflow)
            outcome.created.append(_("workflow “%(name)s” on its home page")
                                   % {"name": workflow.name})
        if admin_email:
            _add_administrator(site, admin_email, outcome)
    return outcome


def _add_administrator(site, email, outcome):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        raise SiteError(_("No account has the e-mail address %(email)s: create it first "
                          "(the site was not made).") % {"email": email})
    group = SiteGroup.objects.get(site=site, role="administrator").group
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        outcome.created.append(_("%(email)s made a member of “%(group)s”")
                               % {"email": email, "group": group.name})


def _free_slug(hostname):
    from wagtail.models import Page

    from core.vietnamese import slugify_vi

    base = slugify_vi(hostname.split(".")[0]) or "trang-chu"
    root = Page.get_first_root_node()
    slug, number = base, 1
    while root.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def grant_new_home_translation(page):
    """A translation of a site's home page (its English home, made later) gets the page rights
    the site's groups hold on the home page."""
    from wagtail.models import Site

    from .selectors import site_collection

    if page.depth != 2:
        return
    site = Site.objects.filter(root_page__translation_key=page.translation_key).first()
    if site is None or site_collection(site) is None:
        return
    for link in SiteGroup.objects.filter(site=site).select_related("group"):
        role = ROLES_BY_KEY.get(link.role)
        if role is not None:
            grant_role(link.group, role, [page], live_models(), collection=site_collection(site),
                       site=site)


def ensure_all_site_groups():
    """The rights of every site's groups, as the roles table says now (after every migrate):
    a right added to a role reaches the groups of every site."""
    from wagtail.models import Site

    for site in Site.objects.filter(pk__in=SiteGroup.objects.values("site")):
        ensure_site_groups(site, site.site_name or site.hostname)
