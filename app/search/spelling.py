"""Spelling correction on each language's vocabulary (SymSpell), not fuzzy terms in the index:
a typo costs a dictionary look-up, never a scan of the whole term list."""

from __future__ import annotations

from .analysis import fold_word, script_of


def allowed_edits(word: str) -> int:
    """One edit forgiven in words of 5+ letters, two in words of 9+."""
    return 2 if len(word) >= 9 else 1 if len(word) >= 5 else 0


class Speller:
    """Known words per language (as typed, folded), with their counts in the content."""

    def __init__(self, vocabulary: dict[str, dict[str, int]], scripts: dict[str, str] | None = None):
        self.vocabulary = vocabulary
        self.scripts = scripts or {}
        self.known = {word for words in vocabulary.values() for word in words}
        self._symspell = {}

    def warm(self) -> None:
        """Build every language's dictionary now rather than on a visitor's first typo."""
        for lang in self.vocabulary:
            self._dictionary(lang)

    def _dictionary(self, lang: str):
        if lang not in self._symspell:
            from symspellpy import SymSpell

            speller = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
            for word, count in self.vocabulary.get(lang, {}).items():
                speller.create_dictionary_entry(word, count)
            self._symspell[lang] = speller
        return self._symspell[lang]

    def correct(self, word: str, lang: str) -> str | None:
        """The closest known word within the allowed edits, the visitor's language first."""
        edits = allowed_edits(word)
        if not edits:
            return None
        from symspellpy import Verbosity

        best = None
        script = script_of(word)
        for code in [lang] + [c for c in self.vocabulary if c != lang]:
            if code not in self.vocabulary or self.scripts.get(code, script) != script:
                continue
            folded = fold_word(word, code)
            if folded in self.known:
                return None
            suggestions = self._dictionary(code).lookup(folded, Verbosity.CLOSEST, max_edit_distance=edits)
            if suggestions:
                top = suggestions[0]
                if best is None or (top.distance, -top.count) < (best.distance, -best.count):
                    best = top
                if code == lang and top.distance == 1:
                    break  # the visitor's own language, one edit away: good enough
        return best.term if best else None

    def corrections(self, words, lang: str) -> dict[str, str]:
        """{typed word: correction} for the words that are not known in any language."""
        corrected = {}
        for word in words:
            if fold_word(word, lang) in self.known:
                continue
            correction = self.correct(word, lang)
            if correction and correction != fold_word(word, lang):
                corrected[word] = correction
        return corrected
