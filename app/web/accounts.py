"""Staff accounts in the browser, on the staff blueprint: admins create, deactivate and reset
accounts; everyone chooses their staff-page language and changes their own password.

A password an admin sets or the kiosk makes is shown once, in the answer to that form, and
never stored anywhere else: not in the session, a log or a redirect."""

from __future__ import annotations

from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..staff_accounts import (
    MIN_PASSWORD_LENGTH,
    STAFF_LANGUAGES,
    AccountError,
    LoginResult,
    Role,
    all_users,
    check_login,
    client_key,
    create_user,
    find_user,
    languages_of,
    new_password,
    set_active,
    set_password,
    set_staff_language,
)
from . import kiosk
from .extensions import db
from .staff import bp, requires

ROLE_NAMES = {
    Role.ADMIN.value: _l("Administrator: accounts and everything"),
    Role.EDITOR.value: _l("Editor: all content"),
    Role.TRANSLATOR.value: _l("Translator: the languages chosen below"),
}

# AccountError.reason -> what the staff pages say, in the signed-in person's language.
ACCOUNT_ERRORS = {
    "username": _l("A username is 2-64 characters: lower-case letters, digits, '.', '_' or '-'."),
    "short_password": _l("A password needs at least %(count)d characters."),
    "taken": _l("There is already an account named %(name)s."),
    "role": _l("A role is one of: %(roles)s."),
    "no_language": _l("A translator needs at least one language."),
    "unknown_language": _l("Not a language of this kiosk: %(codes)s."),
}


def _said(error: AccountError) -> str:
    return str(ACCOUNT_ERRORS[error.reason]) % error.details if error.reason in ACCOUNT_ERRORS else str(error)


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class NewAccountForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    role = RadioField(
        _l("Role"),
        choices=[SelectChoice(value, label) for value, label in ROLE_NAMES.items()],
        default=Role.TRANSLATOR.value,
    )
    languages = CheckboxesField(_l("Languages (translators)"), choices=[])
    password = PasswordField(_l("Password (leave empty to make one)"), validators=[Optional(), Length(max=200)])
    staff_language = SelectField(_l("Language of the staff pages"), choices=[], default="")


class ResetForm(FlaskForm):
    password = PasswordField(_l("New password (leave empty to make one)"), validators=[Optional(), Length(max=200)])


class ActiveForm(FlaskForm):
    """Only a CSRF token: the button says whether it deactivates or reactivates."""


class OwnLanguageForm(FlaskForm):
    staff_language = SelectField(_l("Language of the staff pages"), choices=[], default="")


class OwnPasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    again = PasswordField(_l("New password again"), validators=[DataRequired(), Length(max=200)])


def _offered_codes() -> set[str]:
    return set(kiosk().languages.codes)


def _staff_language_choices() -> list[SelectChoice]:
    staff_languages = [kiosk().languages[code] for code in STAFF_LANGUAGES if code in kiosk().languages]
    return [SelectChoice("", _l("As the browser prefers"))] + [
        SelectChoice(language.code, language.native_name) for language in staff_languages
    ]


def _new_account_form() -> NewAccountForm:
    form = NewAccountForm()
    form.languages.choices = [SelectChoice(language.code, language.native_name) for language in kiosk().languages]
    form.staff_language.choices = _staff_language_choices()
    return form


def _accounts_page(form=None, handed_over=None, error=None, status=200):
    return (
        render_template(
            "staff/accounts.html",
            users=all_users(db.session),
            form=form or _new_account_form(),
            reset_form=ResetForm(),
            active_form=ActiveForm(),
            role_names=ROLE_NAMES,
            languages_of=languages_of,
            handed_over=handed_over,
            error=error,
        ),
        status,
    )


@bp.get("/accounts")
@requires(Role.ADMIN)
def accounts():
    return _accounts_page()


@bp.post("/accounts")
@requires(Role.ADMIN)
def add_account():
    form = _new_account_form()
    if not form.validate_on_submit():
        return _accounts_page(form, error=_l("The form expired or was incomplete. Please try again."), status=400)
    password = form.password.data or new_password()
    try:
        user = create_user(
            db.session,
            form.username.data,
            password,
            role=form.role.data,
            languages=form.languages.data,
            offered=_offered_codes(),
            staff_language=form.staff_language.data or None,
        )
        db.session.commit()
    except AccountError as error:
        db.session.rollback()
        return _accounts_page(form, error=_said(error), status=400)
    # A password the admin typed is known to them already; only a made one is shown.
    handed_over = (user.username, None if form.password.data else password)
    return _accounts_page(handed_over=handed_over, status=201)


def _account_or_404(username: str):
    return find_user(db.session, username) or abort(404)


@bp.post("/accounts/<username>/password")
@requires(Role.ADMIN)
def reset_account(username: str):
    user = _account_or_404(username)
    form = ResetForm()
    if not form.validate_on_submit():
        abort(400)
    password = form.password.data or new_password()
    try:
        set_password(db.session, user, password)
        db.session.commit()
    except AccountError as error:
        db.session.rollback()
        return _accounts_page(error=_said(error), status=400)
    return _accounts_page(handed_over=(user.username, None if form.password.data else password))


@bp.post("/accounts/<username>/<any(deactivate, activate):action>")
@requires(Role.ADMIN)
def activate_account(username: str, action: str):
    user = _account_or_404(username)
    if not ActiveForm().validate_on_submit():
        abort(400)
    if user.username == g.staff_user.username:
        # An admin who locked themselves out might leave nobody to manage accounts.
        return _accounts_page(error=_l("You cannot deactivate your own account."), status=400)
    set_active(db.session, user, action == "activate")
    db.session.commit()
    return redirect(url_for("staff.accounts"))


def _own_language_form() -> OwnLanguageForm:
    form = OwnLanguageForm(staff_language=g.staff_user.staff_language or "")
    form.staff_language.choices = _staff_language_choices()
    return form


def _own_account_page(message=None, error=None, status=200, password_form=None):
    return (
        render_template(
            "staff/account.html",
            language_form=_own_language_form(),
            password_form=password_form or OwnPasswordForm(),
            role_names=ROLE_NAMES,
            own_languages=languages_of(g.staff_user),
            min_length=MIN_PASSWORD_LENGTH,
            message=message,
            error=error,
        ),
        status,
    )


@bp.get("/account")
@requires(Role.TRANSLATOR)
def own_account():
    return _own_account_page()


@bp.post("/account/language")
@requires(Role.TRANSLATOR)
def own_language():
    form = _own_language_form()
    if not form.validate_on_submit():
        abort(400)
    set_staff_language(g.staff_user, form.staff_language.data or None)
    db.session.commit()
    return redirect(url_for("staff.own_account"))


@bp.post("/account/password")
@requires(Role.TRANSLATOR)
def own_password():
    form = OwnPasswordForm()
    if not form.validate_on_submit():
        return _own_account_page(error=_l("The form expired or was incomplete. Please try again."), status=400)
    if form.new.data != form.again.data:
        return _own_account_page(error=_l("The two new passwords are not the same."), status=400)
    user = g.staff_user
    # Checked like a sign-in, so the same limit stops someone guessing it from an open session.
    client = client_key(request.remote_addr, current_app.secret_key)
    outcome = check_login(db.session, user.username, form.current.data, client, trusted=True)
    if outcome.result is not LoginResult.OK:
        db.session.commit()  # the failure counts
        locked = outcome.result is LoginResult.LOCKED
        error = _l("Too many failed attempts for this account. Wait 15 minutes, then try again.") if locked else None
        return _own_account_page(error=error or _l("The current password is wrong."), status=429 if locked else 400)
    try:
        set_password(db.session, user, form.new.data)
    except AccountError as error:
        db.session.rollback()
        return _own_account_page(error=_said(error), status=400)
    db.session.commit()
    # Other browsers signed in as this person are signed out; this one stays signed in.
    session["generation"] = user.sign_in_generation
    return _own_account_page(message=_l("Your password was changed. Other browsers were signed out."))
