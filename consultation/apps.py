from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    """Góp ý dự thảo: drafts of legal documents published for the public's comments (Nghị định
    42/2022/NĐ-CP Điều 4), the comments received, their moderation and the report on how they
    were taken into account."""

    name = "consultation"
    verbose_name = _("Comments on drafts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from publicforms.personal_data import PersonalDataHolder, register

        from .signals import comment_deleted

        post_delete.connect(comment_deleted, sender="consultation.DraftComment",
                            dispatch_uid="consultation_comment_deleted")

        # what a commenter told about themselves: exported or erased on request, anonymised
        # after the retention period (the comment's text stays, signed "Ẩn danh")
        register(PersonalDataHolder("consultation.DraftComment", email_field="email",
                                    fields=("name", "email", "organisation"),
                                    label="consultation.draftcomment"))
