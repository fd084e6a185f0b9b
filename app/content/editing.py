"""Changing fields of a YAML data file opened with DataDocument, the way a person would by hand:
a changed value stays where it was with its comments, an emptied one is removed, a new one is
added after the field it belongs with. No Flask.

The studio's forms (places, events, notices, topics) write through these, so a file saved from
the browser keeps its layout, its comments and every field the form does not know.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

# Every language: the key a text has when one text serves all languages (``name: Actiris``).
ALL_LANGUAGES = "*"


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {} or value == ()


def set_field(data: CommentedMap, key: str, value, after: Sequence[str] = ()) -> None:
    """Set ``key`` to ``value`` (or remove it when empty). A new key goes after the last of
    ``after`` present in the file, else at the end."""
    if is_empty(value):
        data.pop(key, None)
        return
    if key in data:
        data[key] = _same_style(data[key], value)
        return
    keys = list(data)
    present = [keys.index(earlier) for earlier in after if earlier in data]
    data.insert(max(present) + 1 if present else len(data), key, value)


def fields_before(order: Sequence[str], key: str) -> tuple[str, ...]:
    """The fields written before ``key`` in a file kind's ``order``: where a new ``key`` goes."""
    return tuple(order[: order.index(key)])


def set_texts(data: CommentedMap, key: str, texts: Mapping[str, str], after: Sequence[str] = ()) -> None:
    """Set a text per language (``{fr: …, nl: …}``), or one text for all (``{"*": …}``).

    Languages already in the file keep their place and comments; emptied ones are removed."""
    texts = {code: " ".join(text.split()) for code, text in texts.items() if text and text.strip()}
    if set(texts) == {ALL_LANGUAGES}:
        set_field(data, key, texts[ALL_LANGUAGES], after)
        return
    texts.pop(ALL_LANGUAGES, None)
    current = data.get(key)
    if not isinstance(current, dict):
        set_field(data, key, CommentedMap(texts) if texts else None, after)
        return
    for code in [code for code in current if code not in texts]:
        del current[code]
    for code, text in texts.items():
        current[code] = _same_style(current.get(code), text)
    if not current:
        del data[key]


def set_list(data: CommentedMap, key: str, values: Sequence[str], after: Sequence[str] = ()) -> None:
    """Set a short list of codes (``languages: [fr, nl]``); an unchanged list keeps its style."""
    current = data.get(key)
    if isinstance(current, list) and list(current) == list(values):
        return
    sequence = CommentedSeq(values)
    sequence.fa.set_flow_style()  # [fr, nl, en], as the files are written by hand
    set_field(data, key, sequence if values else None, after)


def texts_of(value) -> dict[str, str]:
    """The texts of a field as the form shows them: {code: text}, or {"*": text} for one text."""
    if isinstance(value, dict):
        return {str(code): str(text) for code, text in value.items() if text is not None}
    if value is None:
        return {}
    return {ALL_LANGUAGES: str(value)}


def _same_style(old, new):
    """A new text keeps the quotes the old one had (``opening_hours: "Mo-Fr 09:00-17:00"``)."""
    if isinstance(new, str):
        for style in (DoubleQuotedScalarString, SingleQuotedScalarString):
            if isinstance(old, style):
                return style(new)
    return new
