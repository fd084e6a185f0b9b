"""The one flow of the forms that edit a data file (a place, an event, a pinned notice): open the
file, show it in the form, check what was sent with the reader `content check` uses (nothing is
written while a problem remains), then save it as a commit by the staff member. What differs per
kind of file is a DataFilePage subclass."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from ...studio.data_files import OpenedData, Problems, name_new_file, open_data_file, save_data
from .. import kiosk
from ..staff_common import author, conflict_words, content_history
from .fields import form_errors, main_languages


class DataFilePage:
    """One kind of data file as its form shows it."""

    folder = ""  # places, events, notices
    noun = ""  # in commit messages: "Add place office in the studio"
    verbs = ("Add", "Edit")  # a new file, a changed one
    endpoint = ""  # the form's own page, where a save leads
    id_field = ""  # the URL argument and form field of the short name
    template = ""
    id_words: dict = {}  # name_new_file's reasons, in words
    previews = True  # a post without action=save shows the result and saves nothing
    # Each kind's two functions (staticmethods): the form's values from the file's mapping, and
    # the form's class for the kiosk's languages (a text field per language).
    edit_of = form_for = None

    def __init__(self, file_id: str | None, opened: OpenedData, content):
        self.file_id, self.opened, self.content = file_id, opened, content
        self.codes = kiosk().languages.codes
        self.original = self.edit_of(opened.data)

    # -- what each kind says --------------------------------------------------------------------
    def fill_from_file(self, form, edit) -> None:
        """Put the file's values as opened (``edit``, from ``edit_of``) into the empty form."""
        raise NotImplementedError

    def fill_choices(self, form) -> None:
        """The choices of a submitted form, before it is validated."""

    def check(self, form, file_id: str, problems: Problems):
        """Put the form's values into the opened file and check it: (what the page shows of the
        result, the problems). ``problems``: those found so far (the short name)."""
        raise NotImplementedError

    def taken(self):
        """Short names the loaded content has already (a new file cannot have them)."""
        return getattr(self.content, self.folder)

    def found_on_open(self):
        """What the page shows of the file as opened (a GET)."""
        return None

    def shown_languages(self) -> set[str]:
        """Languages whose fields the file has (shown open, the others folded)."""
        return set()

    def context(self, form, found, problems: Problems) -> dict:
        """What else the template shows."""
        return {}

    # -- the same for every kind ----------------------------------------------------------------
    def form_class(self):
        return self.form_for(self.codes)

    def form_from_file(self):
        """The form filled from the file as it is (a GET), with the token of the file opened."""
        form = self.form_class()(formdata=None)
        form.token.data = self.opened.token
        self.fill_from_file(form, self.original)
        return form

    def named(self, form) -> tuple[str, Problems]:
        """The file's short name, and why a new file cannot have the one typed."""
        if self.file_id is not None:
            return self.file_id, {}
        new_id = (getattr(form, self.id_field).data or "").strip()
        reason = name_new_file(content_history(), self.opened, self.folder, new_id, self.taken())
        return new_id, ({self.id_field: [str(self.id_words[reason])]} if reason else {})

    def render(self, form, found=None, problems=None, conflict=None, status: int = 200):
        problems = problems or {}
        page = render_template(
            self.template,
            form=form,
            main_languages=main_languages(self.shown_languages()),
            problems=problems,
            conflict=conflict,
            saved=request.args.get("saved") == "1",
            section=self.folder,
            file_id=self.file_id,
            id_field=self.id_field,
            **{self.id_field: self.file_id},
            **self.context(form, found, problems),
        )
        return page, status


def edit_data_file(kind: type[DataFilePage], file_id: str | None):
    """The view of a data file's form: GET shows it, POST checks, previews or saves it."""
    content = kiosk().content_on_disk()
    page = kind(file_id, open_data_file(content_history(), kind.folder, file_id) or abort(404), content)
    if request.method == "GET":
        return page.render(page.form_from_file(), page.found_on_open())
    form = page.form_class()()
    page.fill_choices(form)
    if not form.validate():
        return page.render(form, problems=form_errors(form), status=400)
    new_id, problems = page.named(form)
    found, problems = page.check(form, new_id, problems)
    if problems or (page.previews and request.form.get("action") != "save"):
        return page.render(form, found, problems, status=400 if problems else 200)
    message = f"{page.verbs[page.file_id is not None]} {page.noun} {new_id} in the studio"
    token = (form.token.data or "") if file_id else ""
    conflict = save_data(content_history(), page.opened, author(), message, token)
    if conflict is not None:
        return page.render(form, found, problems, conflict_words(conflict), 409)
    return redirect(url_for(page.endpoint, **{page.id_field: new_id}, saved=1), 303)
