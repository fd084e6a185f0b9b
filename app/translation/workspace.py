"""The translation workspace's domain: an article's fields read from its file, its Markdown body cut
into blocks (paragraphs, headings, lists…), the translation's blocks aligned with the original's,
and what changed in the original since the translation was made, word by word. No Flask here.

Blocks are found by markdown-it, the parser that renders the pages, so a list or a fenced code
block is one block however many blank lines it holds.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from ..content.frontmatter import ContentDocument, FrontMatterError
from ..content.history import ContentHistory, HistoryError

# The fields of an article a translator translates, in the order the workspace shows them.
TEXT_FIELDS = ("title", "summary", "keywords")
_PARSER = MarkdownIt("commonmark").enable("table")
# A word, a run of spaces, or one other character: the units a word diff compares.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph", "bullet_list", "ordered_list", "fence", "table"…
    text: str  # the block's Markdown, as written


@dataclass(frozen=True)
class ArticleText:
    """What a translator works on in one file: the text fields and the body's blocks."""

    title: str
    summary: str
    keywords: tuple[str, ...]
    blocks: tuple[Block, ...]
    revision: int | None = None  # the original's revision field (1 when absent); None for a translation

    @property
    def body(self) -> str:
        return join_blocks(block.text for block in self.blocks)

    def field(self, name: str) -> str:
        return ", ".join(self.keywords) if name == "keywords" else getattr(self, name)


def split_blocks(markdown: str) -> tuple[Block, ...]:
    """The body's top-level Markdown blocks, each with its own lines as written."""
    lines = markdown.split("\n")
    blocks = []
    for token in _PARSER.parse(markdown):
        if token.level != 0 or token.map is None or token.nesting == -1:
            continue
        start, end = token.map
        text = "\n".join(lines[start:end]).strip("\n")
        if text.strip():
            blocks.append(Block(token.type.removesuffix("_open"), text))
    return tuple(blocks)


def join_blocks(texts) -> str:
    """A body from blocks: one blank line between them, a line end after the last."""
    kept = [text.strip("\n") for text in texts if text and text.strip()]
    return "\n\n".join(kept) + "\n" if kept else ""


def article_text(text: str) -> ArticleText:
    """Read a content file's text into what a translator works on; FrontMatterError if unreadable."""
    document = ContentDocument(text)
    fields = document.fields
    keywords = fields.get("keywords") or []
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    revision = None
    if "translation" not in fields:
        revision = fields.get("revision", 1)
        revision = revision if isinstance(revision, int) and not isinstance(revision, bool) else 1
    return ArticleText(
        title=" ".join(str(fields.get("title") or "").split()),
        summary=" ".join(str(fields.get("summary") or "").split()),
        keywords=tuple(str(k).strip() for k in keywords if str(k).strip()),
        blocks=split_blocks(document.body),
        revision=revision,
    )


def recorded_article_text(recorded: str) -> ArticleText:
    """Read a source text the database kept (app/records.py source_text: "# title", summary, body)."""
    title, _, rest = recorded.partition("\n\n")
    summary, _, body = rest.partition("\n\n")
    return ArticleText(title.removeprefix("# ").strip(), summary.strip(), (), split_blocks(body))


def source_at_revision(history: ContentHistory, path: str, revision: int, limit: int = 200) -> ArticleText | None:
    """The original's text as it last was at ``revision`` (its latest minor edit), from git.

    None when the history does not reach back to it (the content folder became a repository
    after that revision, or the file was written outside the studio and never committed).
    """
    try:
        changes = history.log(path, limit=limit) if history.is_repository() else []
    except HistoryError:
        return None
    for change in changes:  # newest first
        text = history.text_at(path, change.revision)
        if text is None:
            continue
        try:
            found = article_text(text)
        except (FrontMatterError, ValueError):
            continue
        if found.revision == revision:
            return found
        if found.revision is not None and found.revision < revision:
            return None  # older than the revision asked for: it was never committed
    return None


# -- word diff ---------------------------------------------------------------------------------


def word_diff(old: str, new: str) -> str:
    """``new`` as HTML, with words added since ``old`` in <ins> and words removed in <del>.

    Everything is escaped: the result can be put in a page as it is.
    """
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    out = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            out.append(html.escape("".join(after[j1:j2])))
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(''.join(before[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(''.join(after[j1:j2]))}</ins>")
    return "".join(out)


# -- alignment -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the workspace: a block of the original and the translation's block beside it.

    ``state``: "same" (unchanged since the translation was made), "changed", "added" (new in the
    original), "removed" (gone from the original: its translation should go too) or "extra" (a
    block only the translation has).
    """

    original: str
    translation: str
    state: str
    changes: str = ""  # the word diff (HTML) when changed, added or removed
    kind: str = "paragraph"


@dataclass(frozen=True)
class FieldRow:
    name: str
    original: str
    translation: str
    changes: str = ""  # the word diff (HTML) when the field changed since the translation


@dataclass
class Workspace:
    fields: list[FieldRow] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    old_source_known: bool = True

    @property
    def changed(self) -> int:
        return sum(row.state != "same" and row.state != "extra" for row in self.rows) + sum(
            bool(f.changes) for f in self.fields
        )


def _normal(text: str) -> str:
    return " ".join(text.split())


def _pairs(old: list, new: list, key) -> list[tuple[int | None, int | None]]:
    """Indexes of ``old`` and ``new`` paired in order: equal or replaced items side by side, the
    rest alone (None on the other side)."""
    matcher = difflib.SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset in range(max(i2 - i1, j2 - j1)):
            i = i1 + offset if i1 + offset < i2 else None
            j = j1 + offset if j1 + offset < j2 else None
            pairs.append((i, j))
    return pairs


def align_translation(source: tuple[Block, ...], translation: tuple[Block, ...]) -> list[tuple[int | None, int | None]]:
    """Pair the translation's blocks with the source's it translates: by the sequence of block
    kinds (a heading is translated by a heading, a list by a list), which words cannot tell."""
    return _pairs(list(source), list(translation), key=lambda block: block.kind)


def build_workspace(current: ArticleText, old: ArticleText | None, translation: ArticleText | None) -> Workspace:
    """The workspace rows: the current original beside the translation, with what changed in the
    original since ``old`` (the original as the translation was made from it; None: unknown,
    or no translation yet, so nothing is marked)."""
    target = translation or ArticleText("", "", (), ())
    base = old or current
    workspace = Workspace(old_source_known=old is not None or translation is None)
    for name in TEXT_FIELDS:
        before, now = base.field(name), current.field(name)
        changes = word_diff(before, now) if old is not None and _normal(before) != _normal(now) else ""
        workspace.fields.append(FieldRow(name, now, target.field(name), changes))

    # The translation was made from ``base``: align it with that, then follow base → current.
    translated = {i: j for i, j in align_translation(base.blocks, target.blocks) if i is not None and j is not None}
    extras_after: dict[int | None, list[int]] = {}
    last_source = None
    for i, j in align_translation(base.blocks, target.blocks):
        if i is not None:
            last_source = i
        elif j is not None:
            extras_after.setdefault(last_source, []).append(j)

    def translation_of(i: int | None) -> str:
        return target.blocks[translated[i]].text if i is not None and i in translated else ""

    for j in extras_after.get(None, []):
        workspace.rows.append(Row("", target.blocks[j].text, "extra", kind=target.blocks[j].kind))
    for i, j in _pairs(list(base.blocks), list(current.blocks), key=lambda block: _normal(block.text)):
        if j is None:
            gone = base.blocks[i].text
            workspace.rows.append(Row("", translation_of(i), "removed", word_diff(gone, ""), base.blocks[i].kind))
        elif i is None:
            added = current.blocks[j].text
            workspace.rows.append(Row(added, "", "added", word_diff("", added), current.blocks[j].kind))
        else:
            before, now = base.blocks[i].text, current.blocks[j].text
            same = _normal(before) == _normal(now)
            changes = "" if same else word_diff(before, now)
            state = "same" if same else "changed"
            workspace.rows.append(Row(now, translation_of(i), state, changes, current.blocks[j].kind))
        for extra in extras_after.get(i, []) if i is not None else []:
            workspace.rows.append(Row("", target.blocks[extra].text, "extra", kind=target.blocks[extra].kind))
    return workspace
