"""Password rules beyond Django's own (length, similarity, common, numeric). Django applies
AUTH_PASSWORD_VALIDATORS wherever a password is set: Wagtail's user forms, the password change
on the account page and the password reset included."""

from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLength
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def character_classes(password):
    """The kinds of character a password uses: lower case, upper case, digits, symbols.
    Vietnamese letters count as letters ("ệ" is lower case, "Đ" upper case)."""
    classes = set()
    for char in password:
        if char.islower():
            classes.add("lower")
        elif char.isupper():
            classes.add("upper")
        elif char.isdigit():
            classes.add("digit")
        elif not char.isalpha():
            classes.add("symbol")  # punctuation, spaces, signs; a caseless letter counts as none
    return classes


class CharacterClassesValidator:
    """At least `min_classes` (default 3) of the four kinds: lower case letters, upper case
    letters, digits, symbols. "Hà Nội 2025" passes (upper, lower, digits, spaces)."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(
                _("The password must mix at least %(count)d of these 4 kinds of character: "
                  "lower case letters, upper case letters, digits, symbols."),
                code="password_too_simple", params={"count": self.min_classes})

    def get_help_text(self):
        return _("Your password must mix at least %(count)d of these 4 kinds of character: "
                 "lower case letters, upper case letters, digits, symbols.") % {
                     "count": self.min_classes}


class MinimumLengthValidator(DjangoMinimumLength):
    """Django's, with an error message that has a Vietnamese translation: Django 5.2 changed
    that message's msgid and its Vietnamese catalog has not followed, so it showed in English."""

    def get_error_message(self):
        return _("This password is too short: it must have at least %(min_length)d "
                 "characters.") % {"min_length": self.min_length}
