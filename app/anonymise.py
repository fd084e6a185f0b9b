"""Turn what a visitor typed into something that cannot point back at them. No Flask here.

Search words are kept only as a normalised query: folded case, single spaces, every run of
digits replaced by ``#`` (identity, phone and file numbers), e-mail addresses replaced, cut to
a fixed length. Free-text comments get the same masking.
"""

from __future__ import annotations

import re
import unicodedata

from .models import COMMENT_LENGTH, QUERY_LENGTH

# \d matches the digits of every script (Arabic-Indic ٠١٢, Persian ۰۱۲, Devanagari…).
_DIGIT_RUN = re.compile(r"\d+")
_EMAIL = re.compile(r"\S+@\S+")
_SPACES = re.compile(r"\s+")
# Control and format characters (except the joiners some scripts need) are dropped.
_INVISIBLE = {"Cc", "Cf", "Co", "Cs"}
_KEEP = {"\u200c", "\u200d"}  # ZWNJ and ZWJ: part of Persian and Indic spelling
MASK = "#"
EMAIL_MASK = "[email]"


def mask_digits(text: str) -> str:
    """Replace every run of digits (in any script) with one ``#``."""
    return _DIGIT_RUN.sub(MASK, text)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if c in _KEEP or unicodedata.category(c) not in _INVISIBLE or c in "\n\t ")
    return mask_digits(_EMAIL.sub(EMAIL_MASK, text))


def normalise_query(text: str) -> str:
    """The only form in which search words are stored; "" when nothing is left."""
    text = _SPACES.sub(" ", _clean(text).casefold()).strip()
    return text[:QUERY_LENGTH].rstrip()


def clean_comment(text: str) -> str:
    """A visitor's free text, masked like a query, with its line breaks kept."""
    lines = (_SPACES.sub(" ", line).strip() for line in _clean(text).splitlines())
    return "\n".join(line for line in lines if line)[:COMMENT_LENGTH].strip()
