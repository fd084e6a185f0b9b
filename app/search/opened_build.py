"""One index build, opened for searching: its Whoosh searcher, its languages, their analysers
and spelling dictionaries. No Flask."""

from __future__ import annotations

import json
import weakref
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from ..languages import describe_language
from .analysis import analysis_kind
from .builds import IndexCorrupt, file_signature
from .spelling import Speller


class OpenBuild:
    """One build, opened: its Whoosh searcher, languages and spelling dictionaries."""

    def __init__(self, build: Path):
        self.build = build
        self.signature = file_signature(build)  # of the files whose checksums were just checked
        # Read through the file, not mmap: Whoosh copies each mmapped part of a compound segment
        # into a BytesIO, so a 170 MB index became 170 MB more in every worker, for no speed gain.
        self.index = FileStorage(str(build), supports_mmap=False).open_index()
        self.searcher = self.index.searcher()
        # The segment files stay open while the build is searched: closed with close(), or when
        # this is dropped (a worker that swapped builds, a test's app), never left to the GC.
        self._close_files = weakref.finalize(self, self.searcher.close)
        self.reader = self.searcher.reader()
        names = set(self.searcher.schema.names())
        if not any(name.startswith("head_") for name in names):
            # A build of an older schema (title_fr, summary_fr…): built again, never searched.
            raise IndexCorrupt(f"{build.name}: an index of an older schema")
        self.languages = sorted({name.split("_", 1)[1] for name in names if name.startswith("body_")})
        vocabulary_path = build / "vocabulary.json"
        vocabulary = json.loads(vocabulary_path.read_text("utf-8")) if vocabulary_path.exists() else {}
        self._analyzers = {lang: self.searcher.schema[f"body_{lang}"].analyzer for lang in self.languages}
        self._analyzers.update(
            {
                f"roots_{lang}": self.searcher.schema[f"roots_{lang}"].analyzer
                for lang in self.languages
                if f"roots_{lang}" in names
            }
        )
        self.scripts = {lang: _script(lang) for lang in self.languages}
        self.speller = Speller(vocabulary, self.scripts, stem=self.stem)
        self._token_cache: dict[tuple[str, str], tuple[str, ...]] = {}

    def close(self) -> None:
        self._close_files()

    def warm(self) -> None:
        """Load stemmers, lemma dictionaries and spelling dictionaries before the first visitor."""
        for lang in self.languages:
            self.tokens(lang, "warm")
        self.speller.warm()

    def stem(self, lang: str, word: str) -> str | None:
        """The stem or lemma the index makes of one word ("" for none); None in languages
        searched by n-grams. Not cached: the speller asks once per word of the vocabulary."""
        if analysis_kind(lang) == "ngram" or lang not in self._analyzers:
            return None
        return next((token.text for token in self._analyzers[lang](word)), "")

    def tokens(self, lang: str, word: str) -> tuple[str, ...]:
        """The analysed tokens of one word (cached: snippets ask for the same words often)."""
        key = (lang, word)
        tokens = self._token_cache.get(key)
        if tokens is None:
            if len(self._token_cache) > 50_000:
                self._token_cache.clear()
            tokens = tuple(dict.fromkeys(token.text for token in self._analyzers[lang](word)))
            self._token_cache[key] = tokens
        return tokens


def _script(lang: str) -> str:
    try:
        return describe_language(lang).script
    except ValueError:
        return "Latn"
