"""Pieces every studio form shares: a text per language, checkboxes, choices with their labels in
the staff's language, and the form's own errors as problems."""

from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from ...content.editing import ALL_LANGUAGES
from ...places.words import language_name
from ...staff_accounts import STAFF_LANGUAGES
from .. import kiosk
from ..staff_common import staff_locale


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def language_label(code: str) -> str:
    """A language's name in the staff's language (the code for one the kiosk does not offer)."""
    languages = kiosk().languages
    return language_name(languages[code].babel_locale, staff_locale()) if code in languages else code


def language_choices() -> list[SelectChoice]:
    return choices((code, language_label(code)) for code in kiosk().languages.codes)


def texts_form(codes, with_all: bool = False) -> type[Form]:
    """One text field per language (and "in every language" for names of offices)."""
    fields = {}
    if with_all:
        fields["all"] = StringField(_l("In every language"))
    for code in codes:
        fields[code] = StringField(language_label(code))
    return type("TextsForm", (Form,), fields)


def texts_from(form: Form) -> dict[str, str]:
    return {
        (ALL_LANGUAGES if name == "all" else name): (field.data or "").strip()
        for name, field in form._fields.items()
        if (field.data or "").strip()
    }


def texts_into(form: Form, texts: dict[str, str]) -> None:
    for code, text in texts.items():
        name = "all" if code == ALL_LANGUAGES else code
        if name in form._fields:
            form._fields[name].data = text


def main_languages(present) -> set[str]:
    """The languages shown open in a form: those the file has, the fallbacks and the staff's."""
    return {*present, *kiosk().config.fallback_languages, *STAFF_LANGUAGES, g.staff_lang}


def form_errors(form) -> dict[str | None, list[str]]:
    return {None: [f"{field}: {', '.join(map(str, errors))}" for field, errors in form.errors.items()]}
