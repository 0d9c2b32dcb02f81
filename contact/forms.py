"""The contact form, on the public forms kit (publicforms.forms)."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from publicforms.forms import ConsentField, PlainTextField, PublicForm

NOTICE = _(
    "What you give here (name, e-mail, telephone and your message) is used only to answer "
    "you: it is kept by the agency and sent to the unit you chose, and to nobody else. It is "
    "erased after two years, or earlier at your request to the agency's e-mail address "
    "(Decree 13/2023/NĐ-CP on the protection of personal data).")


class ContactForm(PublicForm):
    scope = "contact.message"
    email_field = "email"

    name = PlainTextField(max_length=100, label=_("Full name"))
    email = forms.EmailField(max_length=254, label=_("E-mail"),
                             help_text=_("The unit answers you at this address."))
    phone = PlainTextField(
        max_length=30, required=False, label=_("Telephone (optional)"),
        validators=[RegexValidator(r"^\+?[0-9 ().-]{6,30}$",
                                   _("Enter a telephone number of digits (spaces, dots and "
                                     "dashes may separate them)."))])
    unit = forms.TypedChoiceField(coerce=int, label=_("Unit you are writing to"))
    subject = PlainTextField(max_length=200, label=_("Subject"))
    message = PlainTextField(max_length=5000, multiline=True, label=_("Message"),
                             help_text=_("At most 5,000 characters."))
    consent = ConsentField(
        label=_("I agree to the processing of my personal data as described here."),
        help_text=NOTICE,
        error_messages={"required": _("Your message can only be received with your agreement "
                                      "to the processing of your personal data.")})

    def __init__(self, data=None, *, units, **kwargs):
        super().__init__(data, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["unit"].choices = [("", _("– Choose a unit –"))] + [
            (pk, unit.name) for pk, unit in self.units.items()]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.order_fields(["name", "email", "phone", "unit", "subject", "message", "consent"])

    def chosen_unit(self):
        return self.units[self.cleaned_data["unit"]]
