from wagtail.admin.panels import FieldPanel

from .forms import CHANGE_NOTE_FIELD, change_note_field
from .models import ChangeNote


class ChangeNotePanel(FieldPanel):
    """The public change note on the edit form of a page that has been published: not a field
    of the page but of the form (pages.models.BasePage.get_edit_handler), kept against the
    revision by the after_edit_page hook. It shows the page's unpublished note, if any."""

    def __init__(self, field_name=CHANGE_NOTE_FIELD, **kwargs):
        super().__init__(field_name, **kwargs)
        self.form_fields = {CHANGE_NOTE_FIELD: change_note_field()}

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            instance, form = kwargs.get("instance"), kwargs.get("form")
            if form is not None and not form.is_bound and getattr(instance, "pk", None):
                pending = ChangeNote.objects.filter(page_id=instance.pk,
                                                    published_at__isnull=True).first()
                if pending is not None:
                    form.initial[CHANGE_NOTE_FIELD] = pending.note
            super().__init__(**kwargs)

        def is_shown(self):
            return bool(getattr(self.instance, "first_published_at", None)) and \
                super().is_shown()
