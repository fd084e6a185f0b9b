"""The fields of the article editor, and how they are put into an article file's text through
the one front-matter writer: layout, comments and the fields the editor does not show are kept.
No Flask."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from ruamel.yaml.comments import CommentedSeq

from ..content.frontmatter import ContentDocument

# The fields of the editor, in the order of the form; "body" is the Markdown under the front matter.
EDITED_FIELDS = ("title", "summary", "keywords", "source", "draft", "publish_on", "expires_on", "body")


@dataclass
class EditorFields:
    """What the editor's form holds, as text (dates as typed: the check says what is wrong)."""

    title: str = ""
    summary: str = ""
    keywords: str = ""  # comma-separated, as typed
    source: str = ""
    body: str = ""
    draft: bool = False
    publish_on: str = ""
    expires_on: str = ""

    @classmethod
    def from_text(cls, text: str) -> EditorFields:
        document = ContentDocument(text)
        front = document.fields
        keywords = front.get("keywords")
        if isinstance(keywords, list):
            keywords = ", ".join(str(k) for k in keywords)
        return cls(
            title=_as_text(front.get("title")),
            summary=_as_text(front.get("summary")),
            keywords=_as_text(keywords),
            source=_as_text(front.get("source")),
            body=document.body,
            draft=front.get("draft") is True,
            publish_on=_as_text(front.get("publish_on")),
            expires_on=_as_text(front.get("expires_on")),
        )

    @classmethod
    def from_form(cls, form: dict) -> EditorFields:
        """From submitted values (a browser's textarea sends CRLF line ends)."""
        values = {}
        for field in fields(cls):
            value = form.get(field.name, "")
            values[field.name] = value in ("y", "on", "true", True) if field.type == "bool" else _typed(value)
        return cls(**values)


def _as_text(value) -> str:
    return "" if value is None else str(value)


def _typed(value) -> str:
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n")


def new_file_text(today: date) -> str:
    """What a new article's file starts from: the fields every original has, in the usual order."""
    return f"---\ntitle:\nsummary:\nkeywords: []\nsource:\nupdated: {today.isoformat()}\nrevision: 1\n---\n"


def with_fields(text: str | None, edited: EditorFields, today: date) -> str:
    """The file's text with the editor's fields put in; what the editor does not show (revision,
    translation, places, comments, key order, quotes) stays as it was."""
    document = ContentDocument(text if text is not None else new_file_text(today))
    front = document.fields
    for key in ("title", "summary"):
        value = " ".join(getattr(edited, key).split())
        if " ".join(_as_text(front.get(key)).split()) != value:
            front[key] = value
    _put_keywords(front, [k.strip() for k in edited.keywords.replace("\n", ",").split(",") if k.strip()])
    _put_or_drop(front, "source", edited.source.strip())
    _put_or_drop(front, "draft", True if edited.draft else None)
    for key in ("publish_on", "expires_on"):
        typed = getattr(edited, key).strip()
        if _as_text(front.get(key)) != typed:
            _put_or_drop(front, key, _date_or_text(typed))
    body = _typed(edited.body)
    if body.strip() and not body.endswith("\n"):
        body += "\n"  # as an editor saves a file
    if body != document.body:
        document.body = body
    return document.text()


def _put_keywords(front, keywords: list[str]) -> None:
    old = front.get("keywords")
    if isinstance(old, list) and [str(k) for k in old] == keywords:
        return
    seq = CommentedSeq(keywords)
    if not (isinstance(old, list) and old and old.fa.flow_style() is False):
        seq.fa.set_flow_style()  # the usual keywords: [a, b, c]; a list written one a line stays so
    front["keywords"] = seq


def _put_or_drop(front, key: str, value) -> None:
    if value in (None, ""):
        front.pop(key, None)
    elif front.get(key) != value:
        front[key] = value


def _date_or_text(typed: str):
    try:
        return date.fromisoformat(typed)
    except ValueError:
        return typed  # written as typed: the check reports it at its line
