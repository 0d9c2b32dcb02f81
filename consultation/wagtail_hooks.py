"""The moderation of comments on drafts in the admin (menu "Góp ý dự thảo"): the comments,
those awaiting moderation first, filtered by draft and status, each approved or rejected with
one button. Only accounts holding `consultation.moderate_draftcomment` (the editor and approver
roles, editorial.roles) see the list or act; the actions are checked on the server (403).
Nobody adds or edits a comment here: what a visitor wrote is shown as they wrote it, escaped."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks_filter
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import services
from .models import CommentStatus, DraftComment

MODERATE = "consultation.moderate_draftcomment"


class CommentModerationPolicy(ModelPermissionPolicy):
    """Seeing and moderating comments is one right, `moderate_draftcomment`; deleting one is
    Django's `delete_draftcomment` (a superuser's); adding one is nobody's."""

    def _get_permission_codename(self, action):
        return super()._get_permission_codename(
            "moderate" if action in ("view", "change") else action)

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(DraftComment, CommentModerationPolicy(DraftComment))


def may_moderate(user, comment=None):
    """The right to moderate, and for one comment, the right to edit its draft: an editor of
    a news category does not moderate the comments on the drafts of another section."""
    if not (user.is_active and user.has_perm(MODERATE)):
        return False
    return comment is None or comment.page.permissions_for_user(user).can_edit()


def moderated_pages(user):
    """The pages whose comments `user` moderates: those they may edit."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().instances_user_has_any_permission_for(user, {"change"})


class ModerationColumn(Column):
    """The approve and reject buttons of a row (POST forms)."""

    cell_template_name = "consultation/admin/moderation_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context.update(moderation_actions(instance, request), csrf_token=get_token(request))
        return context


def moderation_actions(comment, request):
    """What the buttons of `comment` need: the addresses to post to, and where to come back."""
    return {"approve_url": reverse("draft_comments:approve", args=[comment.pk]),
            "reject_url": reverse("draft_comments:reject", args=[comment.pk]),
            # back to the list as filtered (the filters load through its results/ address,
            # a fragment without the admin's layout)
            "next_url": (reverse("draft_comments:index") + (
                f"?{request.GET.urlencode()}" if request.GET else "")) if request else "",
            "can_approve": comment.status != CommentStatus.APPROVED,
            "can_reject": comment.status != CommentStatus.REJECTED}


class CommentIndexView(generic.IndexView):
    default_ordering = ["awaiting", "-created_at", "-pk"]

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if not self.request.user.is_superuser:
            queryset = queryset.filter(page__in=moderated_pages(self.request.user).values("pk"))
        return queryset.select_related("page").annotate(awaiting=Case(
            When(status=CommentStatus.PENDING, then=Value(0)), default=Value(1),
            output_field=IntegerField()))


class CommentInspectView(generic.InspectView):
    template_name = "consultation/admin/comment_inspect.html"

    def get_object(self, queryset=None):
        comment = super().get_object(queryset)
        if not may_moderate(self.request.user, comment):
            raise PermissionDenied
        return comment

    def get_content_display_value(self):
        return linebreaks_filter(self.object.content, autoescape=True)

    def get_page_display_value(self):
        return self.object.page.title

    def get_show_name_display_value(self):
        return _("Yes") if self.object.show_name else _("No")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(moderation_actions(self.object, None),
                       next_url=self.request.get_full_path())
        return context


class DraftCommentViewSet(ModelViewSet):
    model = DraftComment
    name = "draft_comments"
    icon = "comment"
    menu_label = gettext_lazy("Comments on drafts")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["status", "page"]
    list_per_page = 50
    list_display = ["excerpt", "page", "name", "organisation", "status",
                    DateColumn("created_at", label=gettext_lazy("Sent at")),
                    ModerationColumn("moderation", label=gettext_lazy("Moderation"))]
    inspect_view_fields = ["page", "name", "email", "organisation", "show_name", "content",
                           "status", "created_at", "consented_at", "moderated_by",
                           "moderated_at"]

    def get_common_view_kwargs(self, **kwargs):
        # comments come from the public only, and are never edited
        return super().get_common_view_kwargs(**{"add_url_name": None, "edit_url_name": None,
                                                 **kwargs})

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            # the address the admin's history and reports give a comment: its inspect page
            path("edit/<int:pk>/", self.to_inspect, name="edit"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view,
                 name="history_results"),
            path("usage/<int:pk>/", self.usage_view, name="usage"),
            path("approve/<int:pk>/", self.moderation_view(CommentStatus.APPROVED),
                 name="approve"),
            path("reject/<int:pk>/", self.moderation_view(CommentStatus.REJECTED),
                 name="reject"),
        ]

    def to_inspect(self, request, pk):
        if not may_moderate(request.user):
            raise PermissionDenied
        return HttpResponseRedirect(reverse(self.get_url_name("inspect"), args=[pk]))

    def moderation_view(self, status):
        index_name = self.get_url_name("index")

        @require_POST
        def moderate(request, pk):
            if not may_moderate(request.user):
                raise PermissionDenied
            comment = get_object_or_404(DraftComment.objects.select_related("page"), pk=pk)
            if not may_moderate(request.user, comment):
                raise PermissionDenied
            services.moderate(comment.pk, status, request.user)
            messages.success(request, _("The comment has been approved and is shown on the "
                                        "draft's page.") if status == CommentStatus.APPROVED
                             else _("The comment has been rejected; it is not shown."))
            target = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                   request.is_secure()):
                target = reverse(index_name)
            return HttpResponseRedirect(target)

        return moderate


@hooks.register("register_admin_viewset")
def register_comment_moderation():
    return DraftCommentViewSet()
