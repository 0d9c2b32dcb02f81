"""The kit's admin: term rights are narrowed to the sections one edits and a term's address is
in its own list (pages.vocabularies), each section type registering its lists; no page is moved
to an address its new parent answers itself (a section's feed)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.permissions import register_permission_policy

from core.forms import is_reserved

from .models import Term
from .vocabularies import TermPermissionPolicy, TermURLFinder

register_permission_policy(Term, TermPermissionPolicy(Term))
register_admin_url_finder(Term, TermURLFinder)


@hooks.register("before_move_page")
def refuse_a_reserved_address(request, page, destination):
    if is_reserved(page.slug, destination):
        messages.error(request, _(
            "The address “%(slug)s” is taken by the section's own pages (its feed): change the "
            "page's address before moving it there.") % {"slug": page.slug})
        return redirect("wagtailadmin_pages:move", page.pk)
