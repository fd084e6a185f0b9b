"""The field types and specs (app/content/fields.py): each type's value or reason, and every
problem's line taken from the YAML node marks, not from searching the text."""

from __future__ import annotations

from datetime import date

import pytest

from app.content.field_types import (
    Date,
    Email,
    Ids,
    Keywords,
    LanguageCode,
    ListOf,
    PerLanguageText,
    Slug,
    SpokenLanguages,
)
from app.content.fields import Context, Field, Spec, read_fields
from app.content.specs import ARTICLE_FIELDS, TOPIC_FIELDS
from app.content.value_types import Bool, Text, Url, WholeNumber
from app.content.yamlsafe import read_yaml
from app.places.schema import PLACE_FIELDS

CONTEXT = Context.of({"en", "fr"}, {"housing"}, {"office"}, lang="fr")


def value_of(field_type, value):
    """(value, messages) of one field holding ``value``."""
    reading = read_fields(Spec((Field("f", field_type, default="DEFAULT"),), "a mapping"), {"f": value}, CONTEXT)
    return reading.values["f"], [issue.message for issue in reading.issues]


@pytest.mark.parametrize(
    ("field_type", "raw", "value", "messages"),
    [
        (Text(), "  two   words ", "two words", []),
        (Text(), 1733, "1733", []),
        (Text(), ["a"], "DEFAULT", ["'f' must be text"]),
        (Text(), True, "DEFAULT", ["'f' must be text"]),
        (Email(), "info@example.be", "info@example.be", []),
        (Email(), "info at example", "DEFAULT", ["'f' 'info at example' is not an e-mail address"]),
        (PerLanguageText(), "Office", {"*": "Office"}, []),
        (PerLanguageText(), {"en": "A", "xx": "B"}, {"en": "A"}, ["f: unknown language code 'xx'"]),
        (PerLanguageText(), {"en": ["A"]}, {}, ["f.en must be text"]),
        (
            PerLanguageText(one_for_all=False),
            "Office",
            "DEFAULT",
            ["'f' must be text per language (f: {en: …, fr: …})"],
        ),
        (PerLanguageText(max_length=3), {"en": "four"}, {"en": "four"}, ["f.en is 4 characters; at most 3"]),
        (Url(), "http://a.be/x", "http://a.be/x", []),
        (Url(https_only=True), "http://a.be/x", "DEFAULT", ["'f' must be a web address starting with https://"]),
        (Url(https_only=True), "https://localhost/", "DEFAULT", ["'f' must be a web address starting with https://"]),
        (Date(), date(2026, 12, 1), date(2026, 12, 1), []),
        (Date(), "2026-12-01", date(2026, 12, 1), []),
        (Date(), "yesterday", "DEFAULT", ["'f' must be a date written YYYY-MM-DD"]),
        (Bool(), False, False, []),
        (Bool(), "maybe", "DEFAULT", ["'f' must be true or false"]),
        (WholeNumber(1), 3, 3, []),
        (WholeNumber(1), 0, "DEFAULT", ["'f' must be a whole number from 1"]),
        (WholeNumber(1), True, "DEFAULT", ["'f' must be a whole number from 1"]),
        (Slug("topic id"), "daily-life", "daily-life", []),
        (
            Slug("topic id"),
            "Daily_Life",
            "DEFAULT",
            ["topic id 'Daily_Life' must be lower-case letters, digits and hyphens"],
        ),
        (LanguageCode(other=True), "en", "en", []),
        (LanguageCode(other=True), "fr", "DEFAULT", ["f 'fr' is not another configured language"]),
        (Keywords(3), "a, b, c", ("a", "b", "c"), []),
        (
            Keywords(3),
            ["a", "a", "b"],
            ("a", "a", "b"),
            ["give at least 3 different keywords: the words people type when they search"],
        ),
        (Ids("a list", "topic_ids", "unknown topic {id!r}"), ["housing", "x"], ("housing",), ["unknown topic 'x'"]),
        (Ids("a list"), "housing", "DEFAULT", ["a list"]),
        (SpokenLanguages(), ["fr", "not one"], ("fr",), ["'f': 'not one' is not a language code"]),
        (
            ListOf(Date(), "a list of days"),
            ["2026-12-01", "soon"],
            (date(2026, 12, 1),),
            ["'f' must be a date written YYYY-MM-DD"],
        ),
    ],
)
def test_each_type_gives_a_value_or_says_why_not(field_type, raw, value, messages):
    assert value_of(field_type, raw) == (value, messages)


def test_required_missing_and_unknown_fields():
    spec = Spec(
        (
            Field("name", Text(), required=True, missing="missing 'name'"),
            Field("about", Text(), missing="say what it is"),
            Field("after", Text()),
        ),
        "a mapping of fields",
    )
    reading = read_fields(spec, {"about": "x", "colour": "blue"}, CONTEXT)
    assert [(i.field, i.message, i.fatal) for i in reading.issues] == [
        ("colour", "unknown field 'colour'", False),
        ("name", "missing 'name'", True),
    ]
    assert not reading.usable
    reading = read_fields(spec, {"name": "N"}, CONTEXT)
    assert reading.usable and [(i.message, i.fatal) for i in reading.issues] == [("say what it is", False)]
    reading = read_fields(spec, ["not", "a", "mapping"], CONTEXT)
    assert not reading.usable and [i.message for i in reading.issues] == ["a mapping of fields"]


PLACE = """\
# A comment first: a line search would miss nothing, the marks say where each key is.
name: Welcome Office
address: {en: Rue 1, xx: Straat 1}
closed:
  - from: 2026-12-24
    until: 2026-12-26
  - from: 2027-01-10
    until: 2027-01-02
languages:
  - fr
  - not a language
wheelchair: maybe
"""


def test_lines_come_from_the_node_marks():
    document = read_yaml(PLACE)
    reading = read_fields(PLACE_FIELDS, document.data, CONTEXT, document)
    found = {(issue.line, issue.field, issue.message) for issue in reading.issues}
    assert found == {
        (3, "address", "address: unknown language code 'xx'"),
        (7, "closed", "closure ends (2027-01-02) before it starts (2027-01-10)"),
        (11, "languages", "'languages': 'not a language' is not a language code"),
        (12, "wheelchair", "'wheelchair' is yes, limited or no"),
    }
    assert [c.first for c in reading.values["closed"]] == [date(2026, 12, 24)]


def test_front_matter_lines_count_from_the_file_start():
    front = "title: T\nsummary: S\ntranslation:\n  from: fr\n  revision: 0\n  machine: true\n"
    document = read_yaml(front, first_line=2)
    reading = read_fields(ARTICLE_FIELDS, document.data, CONTEXT, document)
    assert not reading.usable
    assert [(i.line, i.message) for i in reading.issues if i.field == "translation"] == [
        (5, "translation.from 'fr' is not another configured language"),
    ]
    document = read_yaml(front.replace("from: fr", "from: en"), first_line=2)
    reading = read_fields(ARTICLE_FIELDS, document.data, CONTEXT, document)
    assert [(i.line, i.message.split(" (")[0]) for i in reading.issues if i.field == "translation"] == [
        (6, "translation.revision must be a whole number from 1"),
    ]


def test_a_topic_entry_is_reported_on_its_own_lines():
    text = "- id: housing\n  title: {en: Housing}\n  pictogram: home\n- pictogram: bed\n  id: Health\n"
    document = read_yaml(text)
    reading = read_fields(TOPIC_FIELDS, document.data[1], CONTEXT, document, at=(1,))
    assert [(i.line, i.message, i.fatal) for i in reading.issues] == [
        (5, "topic id 'Health' must be lower-case letters, digits and hyphens", True),
    ]
    reading = read_fields(TOPIC_FIELDS, {"id": "x"}, CONTEXT, document, at=(0,))
    assert [(i.line, i.message) for i in reading.issues] == [(1, "needs a title per language (title: {en: …})")]
