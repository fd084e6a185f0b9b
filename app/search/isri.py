"""Arabic roots without a root dictionary: the ISRI stemmer.

Algorithm: Kazem Taghva, Rania Elkhoury and Jeffrey Coombs, "Arabic Stemming without a Root
Dictionary", Information Science Research Institute, University of Nevada, Las Vegas
(ITCC 2005). Strip a long prefix and suffix, then read the word against the patterns of its
length (مفعول, افتعال, …) and keep the letters the pattern marks as root. With the three
changes the NLTK implementation made to the paper: about fifty stop words are left as written,
the pattern تفاعيل is added, and hamza is normalised only at the start of a word.

Written for this project from those steps so that search does not need NLTK (21 MB, 239 modules)
for one stemmer. NLTK's ``ISRIStemmer`` (Apache-2.0, © NLTK Project) was the reference for
behaviour: ``tests/test_isri.py`` checks that this module gives its root for every Arabic-script
word of the shipped content and for 8,000 generated words (tables in ``tests/data``).
"""

from __future__ import annotations

import re

__all__ = ["stem"]

_SHORT_VOWELS = re.compile("[\u064b-\u0652]")  # fathatan … sukun
_INITIAL_HAMZA = re.compile("^[آأإ]")

# Function words kept as they are (NLTK's list: auxiliaries, relatives, "it is possible", …).
_STOP_WORDS = frozenset(
    """
    يكون وليس وكان كذلك التي وبين عليها مساء الذي وكانت ولكن والتي تكون اليوم اللذين عليه كانت
    لذلك أمام هناك منها مازال لازال لايزال مايزال اصبح أصبح أمسى امسى أضحى اضحى مابرح مافتئ
    ماانفك لاسيما ولايزال الحالي اليها الذين فانه والذي وهذا لهذا فكان ستكون اليه يمكن بهذا الذى
    """.split()
)

# Affixes, each removed only from a word long enough to keep a root after it.
_PREFIXES_3 = ("كال", "بال", "ولل", "وال")  # "like the", "with the", "and for the", "and the"
_PREFIXES_2 = ("ال", "لل")  # "the", "for the"
_SUFFIXES_3 = ("تمل", "همل", "تان", "تين", "كمل")
_SUFFIXES_2 = ("ون", "ات", "ان", "ين", "تن", "كم", "هن", "نا", "يا", "ها", "تم", "كن", "ني", "وا", "ما", "هم")
_SUFFIX_1 = frozenset("ةهيكتان")
_PREFIX_1 = frozenset("لبفسويتنا")


def _patterns(*rules: tuple[str, str]) -> tuple[re.Pattern, ...]:
    """Patterns tried in order; the groups are the root letters (the comment names the forms)."""
    return tuple(re.compile(pattern, re.DOTALL) for _, pattern in rules)


# Four letters → three-letter root.
_FOUR_TO_3 = _patterns(
    ("مفعل", "م(...)"),
    ("فاعل", "(.)ا(..)"),
    ("فعال فعول فعيل", "(..)[اوي](.)"),
    ("فعلة", "(...)ة"),
)
# Five letters → three-letter root.
_FIVE_TO_3 = _patterns(
    ("افتعل افاعل", "ا(.)[ات](..)"),
    ("مفعول مفعال مفعيل", "م(..)[ايو](.)"),
    ("مفعلة تفعلة افعلة", "[اتم](...)ة"),
    ("مفتعل يفتعل تفتعل", "[ميت](.)ت(..)"),
    ("مفاعل تفاعل", "[مت](.)ا(..)"),
    ("فعولة فعالة", "(..)[او](.)ة"),
    ("انفعل منفعل", "[ام]ن(...)"),
    ("افعال", "ا(..)ا(.)"),
    ("فعلان", "(...)ان"),
    ("تفعيل", "ت(..)ي(.)"),
    ("فاعول", "(.)ا(.)و(.)"),
    ("فواعل", "(.)وا(..)"),
    ("فعائل", "(..)ائ(.)"),
    ("فاعلة", "(.)ا(..)ة"),
    ("فعالي", "(..)ا(.)ي"),
)
# Five letters → four-letter root.
_FIVE_TO_4 = _patterns(
    ("تفعلل افعلل مفعلل", "[اتم](....)"),
    ("فعللة", "(....)ة"),  # never reached: a five-letter word in ة has lost it already (as in NLTK)
    ("فعالل", "(..)ا(..)"),
)
# Six letters → three-letter root.
_SIX_TO_3 = _patterns(
    ("استفعل مستفعل", "[ام]ست(...)"),
    ("مفعالة", "م(..)ا(.)ة"),
    ("افتعال", "ا(.)ت(.)ا(.)"),
    ("افعوعل", "ا(.)(.)و\\2(.)"),
    ("تفاعيل", "ت(.)ا(.)ي(.)"),
)
# Six letters → four-letter root.
_SIX_TO_4 = _patterns(
    ("افعلال", "ا(...)ا(.)"),  # never reached: a six-letter word in ا has lost it already (as in NLTK)
    ("متفعلل", "مت(....)"),
)


def stem(word: str) -> str:
    """The ISRI root of one Arabic word (the word, normalised, when no pattern fits)."""
    word = _SHORT_VOWELS.sub("", word)
    if word in _STOP_WORDS:
        return word
    word = _strip_affix(word, _PREFIXES_3, _PREFIXES_2, str.startswith, lambda w, n: w[n:])
    word = _strip_affix(word, _SUFFIXES_3, _SUFFIXES_2, str.endswith, lambda w, n: w[:-n])
    if len(word) >= 4 and word.startswith("وو"):  # "and" before a word that begins with و
        word = word[1:]
    return _reduce(_INITIAL_HAMZA.sub("ا", word))


def _strip_affix(word, threes, twos, has, cut) -> str:
    """One three-letter affix from a word of 6+ letters, else one two-letter affix from 5+."""
    if len(word) >= 6 and any(has(word, affix) for affix in threes):
        return cut(word, 3)
    if len(word) >= 5 and any(has(word, affix) for affix in twos):
        return cut(word, 2)
    return word


def _reduce(word: str) -> str:
    """Read the word against the patterns of its length; a word that loses a letter is read again."""
    size = len(word)
    if size == 4:
        return _match(_FOUR_TO_3, word) or _strip_one_letter(word)
    if size == 5:
        shorter = _match(_FIVE_TO_3, word) or _strip_one_letter(word)
        return (_match(_FIVE_TO_4, shorter) or shorter) if len(shorter) == 5 else _reduce(shorter)
    if size == 6:
        shorter = _match(_SIX_TO_3, word) or _strip_one_letter(word)
        return (_match(_SIX_TO_4, shorter) or shorter) if len(shorter) == 6 else _reduce(shorter)
    if size == 7:
        shorter = _strip_one_letter(word)
        return _reduce(shorter) if len(shorter) == 6 else shorter
    return word  # three letters or fewer is a root already; eight or more is left alone


def _match(patterns: tuple[re.Pattern, ...], word: str) -> str:
    """The root letters of the first pattern the whole word fits, or ''."""
    for pattern in patterns:
        found = pattern.fullmatch(word)
        if found:
            return "".join(found.groups())
    return ""


def _strip_one_letter(word: str) -> str:
    """One suffix letter, or when there is none one prefix letter."""
    if word[-1] in _SUFFIX_1:
        return word[:-1]
    if word[0] in _PREFIX_1:
        return word[1:]
    return word
