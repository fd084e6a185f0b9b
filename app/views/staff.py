"""Staff pages under /staff: sign in, then translation status, content check, searches,
feedback, use over time and counters, each table also as CSV."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Blueprint, Response, abort, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .. import reports
from ..charts import line_chart
from ..extensions import db
from ..models import StaffUser
from ..records import utcnow
from ..staff_accounts import LoginResult, check_login
from . import kiosk

bp = Blueprint("staff", __name__, url_prefix="/staff")
# However active, a staff session ends this long after signing in.
SESSION_MAX_AGE = timedelta(hours=8)
WEEKS_SHOWN = (4, 12, 26, 52)
FEEDBACK_DAYS = (7, 30, 90, 365)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class SignOutForm(FlaskForm):
    """Only a CSRF token: signing out is a POST, so another site cannot sign staff out."""


def _signed_in_user() -> str | None:
    username, since = session.get("staff"), session.get("since")
    if not username or not since or utcnow() - datetime.fromisoformat(since) > SESSION_MAX_AGE:
        return None
    # An account removed with `flask staff remove-user` is signed out at its next page.
    return username if db.session.scalar(select(StaffUser.id).where(StaffUser.username == username)) else None


@bp.before_request
def require_staff():
    if request.endpoint == "staff.login":
        return None
    if _signed_in_user() is None:
        session.clear()
        return redirect(url_for("staff.login", next=request.full_path if request.args else request.path))
    session.permanent = True  # renews the idle timeout
    return None


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
    return {"staff_user": session.get("staff"), "sign_out_form": SignOutForm()}


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        outcome = check_login(db.session, form.username.data, form.password.data)
        db.session.commit()
        if outcome.result is LoginResult.OK:
            session.clear()
            session.update(staff=outcome.user.username, since=utcnow().isoformat())
            session.permanent = True
            target = request.args.get("next", "")
            # Only a path on this site's staff pages: never an open redirect.
            # Printable only: a CR/LF would end the Location header (a 500, or a header injected).
            safe = target.startswith("/staff/") and "\\" not in target and target.isprintable()
            return redirect(target if safe else url_for("staff.overview"))
        error = "locked" if outcome.result is LoginResult.LOCKED else "wrong"
    status = {"locked": 429, "wrong": 401}.get(error, 200 if request.method == "GET" else 400)
    return render_template("staff/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    if SignOutForm().validate_on_submit():
        session.clear()
        return redirect(url_for("staff.login"))
    abort(400)


# -- reports: each returns its tables and what the template needs -------------------------


def _translations() -> dict:
    from ..records import record_source_texts

    state = kiosk()
    content = state.load_content()  # the files as they are now, not as last published
    # The texts of the current revisions are kept before comparing with older ones.
    record_source_texts(db.session, content)
    db.session.commit()
    report = reports.translation_report(db.session, content, state.languages.codes)
    return {"report": report, "tables": [report.status, report.outdated_table, report.edited_originals]}


def _content_check() -> dict:
    content = kiosk().load_content()  # read the files again: staff want the state on disk now
    return {"tables": [reports.content_problems(content)], "checked": content}


def _languages_choice(selected: str | None) -> str | None:
    return selected if selected in kiosk().languages else None


def _searches() -> dict:
    lang = _languages_choice(request.args.get("lang"))
    week = request.args.get("week") or reports.week_of(date.today())
    try:
        reports.week_start(week)
    except ValueError:
        abort(400)
    return {"tables": reports.search_tables(db.session, lang, week), "lang_code": lang, "week": week}


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
        title = f"Page views per week by {by}"
        charts.append((by, line_chart(f"chart-{by}", title, used.weeks, used.series)))
        tables.append(used.table)
    return {"charts": dict(charts), "tables": tables, "weeks": weeks}


def _counters() -> dict:
    table = reports.counters_table(db.session, utcnow())
    online = sum(1 for row in table.rows if row[1] == "online")
    return {"tables": [table], "online": online, "offline": len(table.rows) - online}


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
    return Response(
        "\ufeff" + reports.to_csv(table),  # the BOM makes spreadsheets read UTF-8 (Arabic, Tigrinya…)
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.app_template_global()
def staff_csv_url(name: str, table: str) -> str:
    """The CSV export of one table, with the page's own filters (language, week…)."""
    args = {k: v for k, v in request.args.items() if k != "table"}
    return url_for("staff.report_csv", name=name, table=table, **args)
