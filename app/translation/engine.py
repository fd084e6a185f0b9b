"""Machine translation engines: an HTTP API compatible with LibreTranslate (self-hosted, or a
provider's) or DeepL's. Only the address the settings give is ever called, with a timeout. No Flask.

A draft keeps the Markdown's structure: each block is translated on its own (a heading stays a
heading), list items one by one behind their markers, code left alone; links, bold and code spans
travel as HTML tags (both engines keep tags in place with format "html"), and a link's address
never goes to the engine at all (the tag carries only its number).
"""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from .files import TranslatedFields
from .workspace import ArticleText, Block, join_blocks

ENGINES = ("libretranslate", "deepl")
TIMEOUT_SECONDS = 30
# DeepL names some target languages with their variant; the kiosk's are these.
_DEEPL_TARGETS = {"en": "EN-GB", "pt": "PT-PT"}


class EngineError(RuntimeError):
    """The engine could not translate; the message says why, for staff."""


@dataclass(frozen=True)
class Engine:
    kind: str  # one of ENGINES
    url: str  # the API's address, e.g. http://127.0.0.1:5000 or https://api-free.deepl.com
    key: str = ""
    timeout: float = TIMEOUT_SECONDS

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Each text (HTML fragments) translated from ``source`` into ``target``, in one request."""
        if not texts:
            return []
        if self.kind == "deepl":
            answer = self._post(
                "/v2/translate",
                {
                    "text": texts,
                    "source_lang": source.split("_")[0].upper(),
                    "target_lang": _DEEPL_TARGETS.get(target, target.split("_")[0].upper()),
                    "tag_handling": "html",
                },
                {"Authorization": f"DeepL-Auth-Key {self.key}"},
            )
            translations = answer.get("translations") if isinstance(answer, dict) else None
            out = [t.get("text") for t in translations] if isinstance(translations, list) else None
        else:
            body = {"q": texts, "source": source, "target": target, "format": "html"}
            if self.key:
                body["api_key"] = self.key
            answer = self._post("/translate", body, {})
            out = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(out, list) or len(out) != len(texts) or not all(isinstance(t, str) for t in out):
            raise EngineError(f"the translation engine at {self.url} gave an answer this kiosk does not understand")
        return out

    def _post(self, path: str, body: dict, headers: dict) -> object:
        request = urllib.request.Request(
            self.url.rstrip("/") + path,
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - the configured engine
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise EngineError(f"the translation engine answered {error.code}: {_reason(error)}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise EngineError(f"the translation engine at {self.url} cannot be reached ({reason})") from None
        except ValueError:
            raise EngineError(f"the translation engine at {self.url} did not answer in JSON") from None


def _reason(error: urllib.error.HTTPError) -> str:
    try:
        data = json.loads(error.read().decode("utf-8"))
        return str(data.get("error") or data.get("message") or data)[:200]
    except (ValueError, OSError, AttributeError):
        return error.reason or "no reason given"


def engine_from_settings(kind: str, url: str, key: str) -> Engine | None:
    """The configured engine, or None when the settings name none."""
    return Engine(kind, url, key) if kind in ENGINES and url else None


# -- Markdown to what an engine reads, and back ------------------------------------------------

_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
_CODE = re.compile(r"`([^`\n]+)`")
# A line's structure, kept out of the engine: list markers, quote marks, heading hashes.
_LINE_PREFIX = re.compile(r"^(\s*(?:>\s?)*(?:#{1,6}\s+|[-*+]\s+|\d{1,9}[.)]\s+)?)(.*)$")
_UNTRANSLATED_KINDS = {"fence", "code_block", "html_block", "hr"}


def to_engine(markdown: str) -> tuple[str, list[str]]:
    """Inline Markdown as HTML for an engine, and what it must not see (addresses, code) by number."""
    kept: list[str] = []

    def keep(value: str) -> int:
        kept.append(value)
        return len(kept) - 1

    text = html.escape(markdown, quote=False)
    text = _CODE.sub(lambda m: f'<code id="{keep(html.unescape(m.group(1)))}"></code>', text)
    text = _LINK.sub(lambda m: f'<a href="{keep(html.unescape(m.group(2)))}">{m.group(1)}</a>', text)
    text = _BOLD.sub(r"<b>\1</b>", text)
    return text, kept


_BACK_CODE = re.compile(r'<code id="(\d+)">\s*</code>')
_BACK_LINK = re.compile(r'<a href="(\d+)">(.*?)</a>', re.DOTALL)
_BACK_BOLD = re.compile(r"<b>(.*?)</b>", re.DOTALL)


def from_engine(translated: str, kept: list[str]) -> str:
    """The engine's HTML back into Markdown, with the kept addresses and code put back."""

    def kept_value(number: str) -> str:
        index = int(number)
        return kept[index] if index < len(kept) else ""

    text = _BACK_CODE.sub(lambda m: "`" + kept_value(m.group(1)) + "`", translated)
    text = _BACK_LINK.sub(lambda m: f"[{m.group(2).strip()}]({kept_value(m.group(1))})", text)
    text = _BACK_BOLD.sub(r"**\1**", text)
    text = re.sub(r"<[^>]*>", "", text)  # any other tag an engine added
    return " ".join(html.unescape(text).split())


@dataclass
class _Piece:
    """A piece of the draft: ``prefix`` as written, then ``text`` to translate (with what was
    kept out of it), or nothing more when there is nothing to translate."""

    prefix: str
    text: str = ""
    kept: tuple[str, ...] = ()

    @property
    def translate(self) -> bool:
        return bool(self.text.strip())


def _piece(prefix: str, markdown: str) -> _Piece:
    text, kept = to_engine(markdown)
    return _Piece(prefix, text, tuple(kept))


def _lines(block: Block) -> list[tuple[str, list[_Piece]]]:
    """A block as lines, each (joiner, pieces): a paragraph or heading is one piece (its soft line
    breaks joined); a list or quote one piece per line behind its marker; a table row one piece
    per cell (joined by "|"); code as it is."""
    if block.kind in _UNTRANSLATED_KINDS:
        return [("", [_Piece(block.text)])]
    if block.kind in ("paragraph", "heading"):
        lines = block.text.split("\n")
        prefix, rest = _LINE_PREFIX.match(lines[0]).groups()
        return [("", [_piece(prefix, " ".join([rest, *(line.strip() for line in lines[1:])]))])]
    out = []
    for line in block.text.split("\n"):
        if block.kind == "table":
            if re.fullmatch(r"[\s|:-]*", line):  # the rule under the header
                out.append(("", [_Piece(line)]))
            else:
                out.append(
                    ("|", [_piece(" ", cell.strip()) if cell.strip() else _Piece(cell) for cell in line.split("|")])
                )
            continue
        prefix, rest = _LINE_PREFIX.match(line).groups()
        out.append(("", [_piece(prefix, rest)]))
    return out


def machine_draft(engine: Engine, original: ArticleText, source: str, target: str) -> TranslatedFields:
    """Every field of ``original`` translated by ``engine`` (one request), Markdown kept."""
    title, summary = _piece("", original.title), _piece("", original.summary)
    keywords = [_piece("", word) for word in original.keywords]
    blocks = [_lines(block) for block in original.blocks]
    pieces = [title, summary, *keywords, *(p for lines in blocks for _, line in lines for p in line)]
    wanted = [piece for piece in pieces if piece.translate]
    done = dict(zip(map(id, wanted), engine.translate([p.text for p in wanted], source, target), strict=True))

    def written(piece: _Piece) -> str:
        if not piece.translate:
            return piece.prefix
        text = from_engine(done[id(piece)], list(piece.kept))
        return f" {text} " if piece.prefix == " " else piece.prefix + text

    body = [
        "\n".join(joiner.join(written(piece) for piece in line).rstrip() for joiner, line in lines) for lines in blocks
    ]
    return TranslatedFields(
        written(title).strip(),
        written(summary).strip(),
        tuple(word for word in (written(k).strip() for k in keywords) if word),
        join_blocks(body),
    )
