"""XLIFF 2.0 for outside translators (OmegaT, Weblate, Trados): what needs translating into a
language goes out as one file, and comes back with the targets filled in. No Flask here.

One <file> per article (``original`` is its key, a note carries the original's revision the
units were taken from); one <unit> per field (title, summary, keywords) and per block of the body
("b1", "b2"…). The Markdown of a block travels as it is: links and bold stay readable to a person.

Reading back is strict, because a file comes from outside: no DTD and no entities (refused before
parsing), the XLIFF 2.0 namespace and version, the right target language, known articles and unit
ids. Any problem refuses the whole file, with every reason found, so nothing is half-written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from .files import TranslatedFields
from .workspace import ArticleText, align_translation, join_blocks

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
_NS = f"{{{NAMESPACE}}}"
FIELD_UNITS = ("title", "summary", "keywords")
_BLOCK_UNIT = re.compile(r"^b([1-9][0-9]{0,3})$")
# The most a file may hold: far more than the whole content of a kiosk in one language.
MAX_BYTES = 8 * 1024 * 1024


class XliffError(ValueError):
    """The file cannot be imported; ``problems`` lists every reason found."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Unit:
    id: str
    source: str
    target: str = ""


@dataclass(frozen=True)
class ExportedArticle:
    key: str  # topic/article
    revision: int  # the original's revision the units come from
    units: tuple[Unit, ...]


def units_of(original: ArticleText, translation: ArticleText | None) -> tuple[Unit, ...]:
    """The units of one article: its fields, then its body's blocks, each with the translation's
    text when there is one (a block the translation adds is kept with the block before it)."""
    target = translation or ArticleText("", "", (), ())
    units = [Unit(name, original.field(name), target.field(name)) for name in FIELD_UNITS]
    texts: dict[int, list[str]] = {i: [] for i in range(len(original.blocks))}
    last = 0
    for i, j in align_translation(original.blocks, target.blocks):
        last = i if i is not None else last
        if j is not None and original.blocks:
            texts[last].append(target.blocks[j].text)
    units += [
        Unit(f"b{n + 1}", block.text, join_blocks(texts[n]).strip("\n")) for n, block in enumerate(original.blocks)
    ]
    return tuple(units)


def export_xliff(articles: list[ExportedArticle], source_lang: str, target_lang: str) -> str:
    """An XLIFF 2.0 document with every article's units."""
    root = ET.Element(
        "xliff", {"xmlns": NAMESPACE, "version": "2.0", "srcLang": _tag(source_lang), "trgLang": _tag(target_lang)}
    )
    for number, article in enumerate(articles, start=1):
        file = ET.SubElement(root, "file", {"id": f"f{number}", "original": article.key})
        notes = ET.SubElement(file, "notes")
        ET.SubElement(notes, "note", {"category": "revision"}).text = str(article.revision)
        for unit in article.units:
            element = ET.SubElement(file, "unit", {"id": unit.id})
            segment = ET.SubElement(element, "segment", {"state": "translated" if unit.target else "initial"})
            ET.SubElement(segment, "source").text = unit.source
            if unit.target:
                ET.SubElement(segment, "target").text = unit.target
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _tag(code: str) -> str:
    """A kiosk language code as a BCP 47 tag (fa_AF → fa-AF)."""
    return code.replace("_", "-")


def _same_language(tag: str | None, code: str) -> bool:
    return bool(tag) and tag.strip().lower() == _tag(code).lower()


# -- reading back ------------------------------------------------------------------------------


@dataclass
class ImportedArticle:
    key: str
    revision: int
    targets: dict[str, str] = field(default_factory=dict)  # unit id → target text (filled ones)

    def fields(self, existing: ArticleText | None) -> TranslatedFields | None:
        """The translation the targets give, over ``existing`` where a unit was left empty; None
        when a new translation would have no title or summary."""
        base = existing or ArticleText("", "", (), ())
        title = self.targets.get("title") or base.title
        summary = self.targets.get("summary") or base.summary
        if not title.strip() or not summary.strip():
            return None
        keywords = (
            TranslatedFields.keywords_from(self.targets["keywords"]) if "keywords" in self.targets else base.keywords
        )
        numbered = sorted(
            (int(_BLOCK_UNIT.match(i).group(1)), text) for i, text in self.targets.items() if _BLOCK_UNIT.match(i)
        )
        body = join_blocks(text for _, text in numbered) if numbered else base.body
        return TranslatedFields(title, summary, keywords, body)


@dataclass
class ImportedDocument:
    source_lang: str
    target_lang: str
    articles: list[ImportedArticle]


def read_xliff(data: bytes, target_lang: str, known: dict[str, tuple[str, int]]) -> ImportedDocument:
    """Read an XLIFF 2.0 file into ``target_lang``; ``known`` maps each article key to its
    original's (language, current revision). Raises XliffError with every problem found."""
    if len(data) > MAX_BYTES:
        raise XliffError([f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB"])
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        # XLIFF 2.0 has no DTD; a declaration could only be there to expand entities.
        raise XliffError(["the file declares a DTD or entities, which an XLIFF 2.0 file never needs"])
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise XliffError([f"not well-formed XML ({error})"]) from None
    if root.tag != f"{_NS}xliff" or root.get("version") != "2.0":
        raise XliffError(['not an XLIFF 2.0 file (expected <xliff version="2.0"> in its namespace)'])
    problems = []
    source_lang = (root.get("srcLang") or "").replace("-", "_")
    if not _same_language(root.get("trgLang"), target_lang):
        problems.append(f"the file is into {root.get('trgLang')!r}, not {_tag(target_lang)!r}")
    articles = []
    for file in root.findall(f"{_NS}file"):
        key = file.get("original") or ""
        if key not in known:
            problems.append(f"unknown article {key!r}")
            continue
        original_lang, current = known[key]
        if not _same_language(root.get("srcLang"), original_lang):
            problems.append(f"{key}: its original is in {original_lang}, the file's source is {root.get('srcLang')!r}")
        revision = _revision(file)
        if revision is None or not 1 <= revision <= current:
            problems.append(f"{key}: no revision note between 1 and {current} (was the file made by this kiosk?)")
            continue
        article = ImportedArticle(key, revision)
        for unit in file.findall(f"{_NS}unit"):
            unit_id = unit.get("id") or ""
            if unit_id not in FIELD_UNITS and not _BLOCK_UNIT.match(unit_id):
                problems.append(f"{key}: unknown unit {unit_id!r}")
                continue
            targets = ["".join(target.itertext()) for target in unit.iter(f"{_NS}target")]
            text = "\n".join(t.strip("\n") for t in targets if t.strip()).strip()
            if text:
                article.targets[unit_id] = text
        articles.append(article)
    if not articles and not problems:
        problems.append("the file holds no article")
    if problems:
        raise XliffError(problems)
    return ImportedDocument(source_lang, target_lang, articles)


def _revision(file: ET.Element) -> int | None:
    for note in file.iter(f"{_NS}note"):
        if note.get("category") == "revision" and (note.text or "").strip().isdigit():
            return int(note.text.strip())
    return None
