"""The fields of each kind of content file, declared once: articles (front matter), the topic
list, synonyms and redirects. Places, events and notices declare theirs beside their model
(app/places/schema.py PLACE_FIELDS, app/events/schema.py EVENT_FIELDS, app/notices.py
NOTICE_FIELDS). What `content check` says about a field comes from here. No Flask.
"""

from __future__ import annotations

from .field_types import SLUG, Date, Entry, Ids, Keywords, LanguageCode, ListOf, PerLanguageText, Slug
from .fields import Field, FieldType, Raw, Spec
from .model import Translation
from .value_types import Bool, Text, Url, WholeNumber, one_line

# Fewer keywords than this and an article is hard to find by the words people really type.
MIN_KEYWORDS = 3

# -- an article's front matter ------------------------------------------------------------------

_TRANSLATION_USAGE = "translation needs from: <language code>, revision: <number>, machine: true|false"
_MACHINE = "translation.machine must be said: true (machine-assisted) or false (by a person)"

TRANSLATION_FIELDS = Spec(
    fields=(
        Field(
            "from",
            LanguageCode(other=True),
            required=True,
            missing=f"translation.from is missing ({_TRANSLATION_USAGE})",
        ),
        Field(
            "revision",
            WholeNumber(1),
            required=True,
            missing=f"translation.revision must be a whole number from 1 ({_TRANSLATION_USAGE})",
            bad=f"translation.revision must be a whole number from 1 ({_TRANSLATION_USAGE})",
        ),
        # Never assumed: a reader is told when a text was machine-assisted.
        Field("machine", Bool(), missing=_MACHINE, bad=_MACHINE, default=True),
        # Who approved the translation in the studio, and when.
        Field("reviewed_by", Text()),
        Field("reviewed_on", Date()),
    ),
    not_a_mapping=_TRANSLATION_USAGE,
    unknown="unknown translation field {key!r}",
)


def _translation(values: dict, _raw: Raw) -> Translation:
    return Translation(source_lang=values["from"], source_revision=values["revision"], machine=values["machine"])


def _required_text(name: str) -> Field:
    said = f"missing '{name}' (required text)"
    return Field(name, Text(strings_only=True), required=True, missing=said, bad=said)


ARTICLE_FIELDS = Spec(
    fields=(
        _required_text("title"),
        _required_text("summary"),
        Field("keywords", Keywords(MIN_KEYWORDS), missing="missing 'keywords' (words people search for)", default=()),
        Field("source", Url(https_only=True), missing="missing 'source' (the official page this is based on)"),
        Field("updated", Date(), missing="missing 'updated' (YYYY-MM-DD)"),
        # An original's revision (1 when not given); a translation names the original's instead.
        Field("revision", WholeNumber(1)),
        Field("translation", Entry(TRANSLATION_FIELDS, _translation), vital=True),
        Field("places", Ids("'places' must be a list of place ids"), default=()),
        # Kept from visitors until staff say otherwise when unclear (draft: maybe, a bad date).
        Field("draft", Bool(), error=True, default=False),
        Field("publish_on", Date(), error=True),
        Field("expires_on", Date(), error=True),
    ),
    not_a_mapping="front matter must be a mapping (title: …, summary: …)",
)

# -- topics.yaml: a list of these -------------------------------------------------------------


class Pictogram(FieldType):
    """The name of an icon of the kiosk's set (checked when the set is known)."""

    def value_from_raw(self, raw: Raw):
        if not isinstance(raw.value, str) or not raw.value:
            return raw.bad_value("needs a pictogram (an icon name)")
        exists = raw.context.pictogram_exists
        if exists is not None and not exists(raw.value):
            return raw.bad_value(f"no pictogram named {raw.value!r}")
        return raw.value


TOPIC_FIELDS = Spec(
    fields=(
        Field("id", Slug("topic id"), required=True, missing="each topic needs an id: - id: housing"),
        Field(
            "title",
            PerLanguageText(one_for_all=False),
            required=True,
            missing="needs a title per language (title: {en: …})",
        ),
        Field("pictogram", Pictogram(), missing="needs a pictogram (an icon name)", default=""),
    ),
    not_a_mapping="each topic must be a mapping with id, pictogram and title",
)

# -- synonyms/<lang>.yaml ------------------------------------------------------------------------

_GROUP = "each synonym group is a list of two or more words: - [flat, apartment]"


class Word(FieldType):
    def value_from_raw(self, raw: Raw):
        if not isinstance(raw.value, (str, int)) or isinstance(raw.value, bool) or not str(raw.value).strip():
            return raw.bad_value(_GROUP)
        return one_line(raw.value)


class SynonymGroup(FieldType):
    """Words or phrases meaning the same: a group with one bad word is left out whole."""

    def value_from_raw(self, raw: Raw):
        value = raw.value
        if not isinstance(value, list) or len(value) < 2:
            return raw.bad_value(_GROUP)
        words = [Word().value_from_raw(raw.part(position, word)) for position, word in enumerate(value)]
        if not all(isinstance(word, str) for word in words):
            return raw.bad_value(_GROUP)
        return tuple(words)


SYNONYMS = ListOf(SynonymGroup(), _GROUP, fatal=True)

# -- redirects.yaml (written by the studio) ------------------------------------------------------


def is_address(value) -> bool:
    """Whether ``value`` is an article's address: topic/article."""
    parts = value.split("/") if isinstance(value, str) else []
    return len(parts) == 2 and all(SLUG.match(part) for part in parts)


class Address(FieldType):
    def value_from_raw(self, raw: Raw):
        if not is_address(raw.value):
            return raw.bad_value("each archived address is topic/article")
        return raw.value


class Moves(FieldType):
    """Old address: new address; a move that is not two addresses is reported and left out."""

    def value_from_raw(self, raw: Raw):
        if not isinstance(raw.value, dict):
            return raw.bad_value(_REDIRECTS)
        moves = {}
        for old, new in raw.value.items():
            if not (is_address(old) and is_address(new)):
                raw.note(f"{old!r}: {new!r} is not topic/article: topic/article", old, fatal=True)
            else:
                moves[old] = new
        return moves


_REDIRECTS = "redirects.yaml has 'moved' (old-topic/old-article: topic/article) and 'archived' (a list)"
REDIRECT_FIELDS = Spec(
    fields=(
        Field("moved", Moves(), vital=True, default={}),
        Field("archived", ListOf(Address(), _REDIRECTS, fatal=True), vital=True, default=()),
    ),
    not_a_mapping=_REDIRECTS,
    unknown=_REDIRECTS + " (not {key!r})",
)
