"""Editing a language's synonym file (``synonyms/<lang>.yaml``) from a search that found nothing.

Visitors search with their own words ("boulot" for "emploi"); when the searches report shows a
word that found nothing, staff add it to the group of words that mean the same, and the next
publication finds the right articles. The file keeps its layout and comments (DataDocument).
No Flask here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .frontmatter import DataDocument

# The first line of a new synonyms file: it tells the next person what the file is.
NEW_FILE_HEADER = "# Words that visitors use for the same thing, one group per line.\n"


class SynonymError(ValueError):
    """What staff asked for cannot be written; the message says why."""


@dataclass(frozen=True)
class SynonymGroup:
    position: int  # index in the file's list
    words: tuple[str, ...]


def _clean(word: str) -> str:
    return " ".join(str(word).split())


def synonym_groups(text: str | None) -> list[SynonymGroup]:
    """The groups of a synonyms file's text ("" or None for a file that does not exist yet)."""
    if not text or not text.strip():
        return []
    data = DataDocument(text).data or []
    if not isinstance(data, list):
        raise SynonymError("the synonyms file is not a list of groups: fix it in the content check first")
    return [SynonymGroup(n, tuple(_clean(w) for w in group)) for n, group in enumerate(data) if isinstance(group, list)]


def add_synonym(text: str | None, word: str, *, group: int | None = None, meaning: str = "") -> str:
    """The file's text with ``word`` added to group number ``group``, or to a new group with
    ``meaning`` (a word the articles already use). Adding a word already in that group is refused."""
    word, meaning = _clean(word), _clean(meaning)
    if not word:
        raise SynonymError("the word to add is empty")
    if len(word) > 80 or "\n" in word:
        raise SynonymError("a synonym is a word or a short phrase")
    if not text or not text.strip():
        if group is not None:
            raise SynonymError("that group no longer exists: reload the page")
        # A new file: one group laid out as people write them, values quoted by YAML as needed.
        document = DataDocument("- [word, meaning]\n")
        document.data[0][0], document.data[0][1] = _checked_pair(word, meaning)
        return NEW_FILE_HEADER + document.text()
    document = DataDocument(text)
    if not isinstance(document.data, list):
        raise SynonymError("the synonyms file is not a list of groups: fix it in the content check first")
    if group is not None:
        if not 0 <= group < len(document.data) or not isinstance(document.data[group], list):
            raise SynonymError("that group no longer exists: reload the page")
        members = document.data[group]
        if word.casefold() in (_clean(m).casefold() for m in members):
            raise SynonymError(f"“{word}” is already in that group")
        members.append(word)
    else:
        from ruamel.yaml.comments import CommentedSeq

        pair = CommentedSeq(_checked_pair(word, meaning))
        pair.fa.set_flow_style()  # one group per line, like the files written by hand
        document.data.append(pair)
    return document.text()


def _checked_pair(word: str, meaning: str) -> list[str]:
    if not meaning:
        raise SynonymError("say which word the articles use for it")
    if word.casefold() == meaning.casefold():
        raise SynonymError("the two words are the same")
    return [word, meaning]
