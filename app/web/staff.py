"""Staff pages under /staff: sign in, then translation status, content check, searches,
feedback, use over time and counters, each table also as CSV. Accounts are in views/accounts.py.

The pages are in the signed-in person's language (chosen on their account page), else in the
browser's preferred one of the staff languages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import wraps

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import SQLAlchemyError
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .. import reports
from ..charts import line_chart
from ..content.checks import check_content
from ..models import StaffUser
from ..records import utcnow
from ..staff_accounts import (
    STAFF_LANGUAGES,
    TRUSTED_DEVICE_SECONDS,
    LoginResult,
    Role,
    check_login,
    client_key,
    end_sessions,
    find_user,
    has_role,
    is_trusted_device,
    may_translate,
    trusted_device_token,
)
from . import kiosk
from .extensions import db

bp = Blueprint("staff", __name__, url_prefix="/staff")
# However active, a staff session ends this long after signing in.
SESSION_MAX_AGE = timedelta(hours=8)
# Marks a browser where someone signed in before: others' wrong guesses do not lock it out.
DEVICE_COOKIE = "kiosk_staff_device"
WEEKS_SHOWN = (4, 12, 26, 52)
FEEDBACK_DAYS = (7, 30, 90, 365)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class SignOutForm(FlaskForm):
    """Only a CSRF token: signing out is a POST, so another site cannot sign staff out."""


def _signed_in_user() -> StaffUser | None:
    username, since = session.get("staff"), session.get("since")
    if not username or not since or utcnow() - datetime.fromisoformat(since) > SESSION_MAX_AGE:
        return None
    # The session is a signed cookie: it is checked against the account on every page, so that
    # signing out (which moves the generation on), a new password, deactivation or
    # `flask staff remove-user` ends it everywhere, copies of the cookie included.
    user = find_user(db.session, username)
    valid = user is not None and user.active and user.sign_in_generation == session.get("generation")
    return user if valid else None


def _staff_language(user: StaffUser | None) -> str:
    """The account's choice, else the browser's preferred staff language, else the default."""
    offered = [code for code in STAFF_LANGUAGES if code in kiosk().languages]
    if user is not None and user.staff_language in offered:
        return user.staff_language
    return request.accept_languages.best_match(offered) or kiosk().config.default_language


@bp.before_request
def require_staff():
    g.staff_user = None if request.endpoint == "staff.login" else _signed_in_user()
    # Not g.lang: that is a visitor's language, and a page shown in one is counted as a view.
    g.staff_lang = _staff_language(g.staff_user)
    if request.endpoint == "staff.login":
        return None
    if g.staff_user is None:
        session.clear()
        return redirect(url_for("staff.login", next=request.full_path if request.args else request.path))
    session.permanent = True  # renews the idle timeout
    return None


def requires(role: Role):
    """Only accounts with ``role`` (or a higher one) may use the view: others get 403."""

    def decorate(view):
        @wraps(view)
        def checked(*args, **kwargs):
            if not has_role(g.staff_user, role):
                abort(403)
            return view(*args, **kwargs)

        return checked

    return decorate


@bp.errorhandler(SQLAlchemyError)
def database_down(error):
    db.session.rollback()
    return render_template("staff/unavailable.html"), 503


@bp.after_request
def no_store(response):
    # Staff figures stay out of shared caches and the browser's back button after sign-out.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def staff_context():
    user = getattr(g, "staff_user", None)
    return {
        "page_language": kiosk().languages[getattr(g, "staff_lang", None) or kiosk().config.default_language],
        "staff_user": user.username if user else None,
        "staff_is_admin": user is not None and has_role(user, Role.ADMIN),
        "staff_is_editor": user is not None and has_role(user, Role.EDITOR),
        "staff_can_publish": user is not None and has_role(user, Role.EDITOR),
        # Never read from the request: on an error page (413: a body too large) that would fail again.
        "sign_out_form": SignOutForm(formdata=None),
    }


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        secret = current_app.secret_key
        # Failures are counted per client: a keyed hash of its address, never the address.
        client = client_key(request.remote_addr, secret)
        trusted = is_trusted_device(secret, request.cookies.get(DEVICE_COOKIE), form.username.data)
        outcome = check_login(db.session, form.username.data, form.password.data, client, trusted)
        db.session.commit()
        if outcome.result is LoginResult.OK:
            session.clear()
            user = outcome.user
            session.update(staff=user.username, since=utcnow().isoformat(), generation=user.sign_in_generation)
            session.permanent = True
            target = request.args.get("next", "")
            # Only a path on this site's staff pages: never an open redirect.
            # Printable only: a CR/LF would end the Location header (a 500, or a header injected).
            safe = target.startswith("/staff/") and "\\" not in target and target.isprintable()
            response = redirect(target if safe else url_for("staff.overview"))
            response.set_cookie(
                DEVICE_COOKIE,
                trusted_device_token(secret, user.username),
                max_age=TRUSTED_DEVICE_SECONDS,
                path=url_for("staff.login"),
                httponly=True,
                samesite="Strict",
                secure=current_app.session_interface.get_cookie_secure(current_app),
            )
            return response
        error = "locked" if outcome.result is LoginResult.LOCKED else "wrong"
    status = {"locked": 429, "wrong": 401}.get(error, 200 if request.method == "GET" else 400)
    return render_template("staff/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    if SignOutForm().validate_on_submit():
        end_sessions(db.session, session["staff"])
        db.session.commit()
        session.clear()
        return redirect(url_for("staff.login"))
    abort(400)


# -- reports: each returns its tables and what the template needs -------------------------


def _translations() -> dict:
    state = kiosk()
    content = state.content_on_disk()  # the files as they are now, not as last published
    # Reading only: the texts of revisions are recorded when they are published (index build)
    # or stamped, never by looking at a page.
    report = reports.translation_report(db.session, content, state.languages.codes)
    return {"report": report, "tables": [report.status, report.outdated_table, report.edited_originals]}


def _content_check() -> dict:
    content = kiosk().content_on_disk()  # staff want the state on disk now
    checked = check_content(content, kiosk().languages.codes)
    return {"tables": [reports.content_problems(content, checked)], "checked": content}


def _languages_choice(selected: str | None) -> str | None:
    return selected if selected in kiosk().languages else None


def _searches() -> dict:
    lang = _languages_choice(request.args.get("lang"))
    week = request.args.get("week") or reports.week_of(date.today())
    try:
        reports.week_start(week)
    except ValueError:
        abort(400)
    tables = reports.search_tables(db.session, lang, week, kiosk().config.search_min_occasions)
    return {"tables": tables, "lang_code": lang, "week": week}


def _feedback() -> dict:
    days = request.args.get("days", 90, type=int)
    days = days if days in FEEDBACK_DAYS else 90
    return {"tables": reports.feedback_tables(db.session, date.today() - timedelta(days=days)), "days": days}


def _usage() -> dict:
    weeks = request.args.get("weeks", 12, type=int)
    weeks = weeks if weeks in WEEKS_SHOWN else 12
    charts, tables = [], []
    for by in reports.DIMENSIONS:
        used = reports.usage(db.session, by, weeks, date.today())
        title = gettext(reports.USAGE_TITLES[by])
        charts.append((by, line_chart(f"chart-{by}", title, used.weeks, used.series)))
        tables.append(used.table)
    return {"charts": dict(charts), "tables": tables, "weeks": weeks}


def _counters() -> dict:
    table = reports.counters_table(db.session, utcnow())
    online = sum(1 for row in table.rows if row[1] == "online")
    from .heartbeats import content_served  # what each one serves (app/publishing)

    return {"tables": [table], "online": online, "offline": len(table.rows) - online, **content_served()}


REPORTS = {
    "translations": _translations,
    "content": _content_check,
    "searches": _searches,
    "feedback": _feedback,
    "usage": _usage,
    "counters": _counters,
}


@bp.get("/")
def overview():
    return render_template("staff/overview.html", **_counters())


@bp.get("/<any(translations, content, searches, feedback, usage, counters):name>")
def report(name: str):
    return render_template(f"staff/{name}.html", name=name, **REPORTS[name]())


@bp.get("/<any(translations, content, searches, feedback, usage, counters):name>.csv")
def report_csv(name: str):
    wanted = request.args.get("table")
    table = next((t for t in REPORTS[name]()["tables"] if t.name == wanted), None) or abort(404)
    filename = f"kiosk-{name}-{table.name}-{date.today().isoformat()}.csv"
    delimiter = ";" if request.args.get("separator") == "semicolon" else ","
    return Response(
        "\ufeff" + reports.to_csv(table, delimiter),  # the BOM makes spreadsheets read UTF-8 (Arabic, Tigrinya…)
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.app_template_global()
def staff_csv_url(name: str, table: str, separator: str | None = None) -> str:
    """The CSV export of one table, with the page's own filters (language, week…)."""
    args = {k: v for k, v in request.args.items() if k not in ("table", "separator")}
    if separator:
        args["separator"] = separator
    return url_for("staff.report_csv", name=name, table=table, **args)


@bp.app_template_global()
def staff_may_translate(lang: str) -> bool:
    """Whether the signed-in person may change texts in ``lang`` (a translator: their languages)."""
    user = getattr(g, "staff_user", None)
    return user is not None and may_translate(user, lang)


from . import accounts, search_actions  # noqa: E402, F401 - more routes on this blueprint
