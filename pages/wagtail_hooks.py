"""The kit's admin: term rights are narrowed to the sections one edits (pages.vocabularies);
each section type registers its own vocabulary lists."""

from wagtail.permissions import register_permission_policy

from .models import Term
from .vocabularies import TermPermissionPolicy

register_permission_policy(Term, TermPermissionPolicy(Term))
