"""The language registry: one record per language, every fact about it. No Flask here.

``describe_language`` and ``LanguageSet`` give the offered languages (CLDR names, direction,
script); ``facts_of`` gives the rest (search analysis, stop words, keyboard, voice, readability,
holidays) for any code, offered or not.
"""

from .facts import LANGUAGE_FACTS, LanguageFacts, facts_of
from .registry import Language, LanguageSet, UnknownLanguage, describe_language, missing_catalogs

__all__ = [
    "LANGUAGE_FACTS",
    "Language",
    "LanguageFacts",
    "LanguageSet",
    "UnknownLanguage",
    "describe_language",
    "facts_of",
    "missing_catalogs",
]
