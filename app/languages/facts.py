"""What the kiosk knows about each language beyond CLDR: one record per language.

CLDR (through Babel) gives the native name, the direction and the script (registry.py). Everything
else a part of the kiosk needs to know about a language is here, in that language's record: how
search analyses it, its words without meaning, its on-screen keyboard, its voice, its
readability formula, the names of Belgian holidays. A language added to the kiosk is added here
once; nothing else in the code lists languages.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LanguageFacts:
    code: str
    # -- CLDR corrections -------------------------------------------------------------------
    babel_locale: str | None = None  # when the code is not a CLDR locale identifier
    native_name: str | None = None  # when CLDR has none
    english_name: str | None = None  # when CLDR's is ambiguous
    # Read by its speakers before any general fallback, in this order, when offered;
    # ``language_fallbacks`` in the configuration replaces the chain.
    close_languages: tuple[str, ...] = ()
    # -- search (app/search/analysis.py): the best analysis that exists for the language -----
    snowball: str | None = None  # Snowball stemmer (PyStemmer) name
    lemmas: str | None = None  # simplemma language, where Snowball has none
    ngram_sizes: tuple[int, int] = (3, 4)  # character n-grams where neither exists
    stem_before_folding: bool = False  # the stemmer needs the letters as written
    rooted: bool = False  # a second analysis by root, so broken plurals meet
    # Words without meaning of their own (articles, prepositions, pronouns, particles): Snowball's
    # list where it has one, else a short hand-made list of those kinds of word only.
    snowball_stop_words: bool = False
    stop_words: str = ""
    # -- the on-screen keyboard (app/keyboards.py) ------------------------------------------
    # "library": a simple-keyboard-layouts layout; "own": app/static/keyboards/<name>.json
    keyboard: tuple[str, str] = ("library", "english")
    # -- speech (app/speech.py) -------------------------------------------------------------
    voice: str | None = None  # espeak-ng's voice name, when not the code itself
    # -- readability (app/content/readability.py) --------------------------------------------
    # Flesch reading ease calibrated for the language: (base, sentence weight, syllable weight).
    flesch: tuple[float, float, float] | None = None
    # -- places (app/places/words.py) --------------------------------------------------------
    holiday_language: str | None = None  # the ``holidays`` package's language for Belgian holidays


# In the order of the readability table (content readme): English, French, Dutch first.
_RECORDS = (
    LanguageFacts(
        "en",
        snowball="english",
        snowball_stop_words=True,
        keyboard=("library", "english"),
        voice="en-gb",
        flesch=(206.835, 1.015, 84.6),  # Flesch (1948)
        holiday_language="en_US",
    ),
    LanguageFacts(
        "fr",
        snowball="french",
        snowball_stop_words=True,
        keyboard=("library", "french"),
        voice="fr-fr",
        flesch=(207.0, 1.015, 73.6),  # Kandel & Moles (1958)
        holiday_language="fr",
    ),
    LanguageFacts(
        "nl",
        snowball="dutch",
        snowball_stop_words=True,
        keyboard=("own", "dutch-belgian"),  # Belgian AZERTY, the keyboard sold in Belgium
        flesch=(206.835, 0.93, 77.0),  # Douma (1960)
        holiday_language="nl",
    ),
    LanguageFacts(
        "ar",
        snowball="arabic",
        rooted=True,  # مدرسة / مدارس
        stop_words="في من الى إلى على عن مع هل ما لا لم لن أن إن هذا هذه ذلك التي الذي و يا أنا أنت هو هي نحن هم"
        " كان قد ثم أو عند لي",
        keyboard=("library", "arabic"),
    ),
    LanguageFacts(
        # Dari has the ISO 639-3 code "prs" (what Afghan newcomers and translators expect) but CLDR
        # files it as Persian of Afghanistan and has no native name for it.
        "prs",
        babel_locale="fa_AF",
        native_name="دری",
        english_name="Dari",
        close_languages=("fa",),  # Farsi and Dari are one language written alike
        snowball="persian",
        stop_words="و در به از که را با این آن است برای تا یا هم من تو او ما شما آنها نه نمی چه یک بر هر مرا",
        keyboard=("library", "farsi"),  # Dari is typed on the Persian keyboard
        voice="fa",  # no Dari voice: the Persian one reads it, with an Iranian accent
    ),
    LanguageFacts(
        "fa",
        close_languages=("prs",),
        snowball="persian",
        stop_words="و در به از که را با این آن است برای تا یا هم من تو او ما شما آنها نه نمی چه یک بر هر",
        keyboard=("library", "farsi"),
    ),
    LanguageFacts(
        "ps",
        ngram_sizes=(2, 3),
        stop_words="د په او ته نه چې کې سره له هم یا زه دا هغه زما ستا موږ مونږ تاسو دوی یې ده وي دی څه",
        keyboard=("own", "pashto"),
    ),
    LanguageFacts(
        "ti",
        ngram_sizes=(2, 3),
        stop_words="ኣብ ካብ ናብ ምስ እዩ እያ እዮም እቲ እታ እቶም ኣነ ንስኻ ንስኺ ንሱ ንሳ ንሕና ንሳቶም ወይ ከም ግን ድማ ውን ን",
        keyboard=("own", "tigrinya"),
    ),
    LanguageFacts(
        "so",
        ngram_sizes=(3, 4),
        stop_words="iyo oo ee ka ku u la waa in aan ma ah ay uu ayaa soo",
        keyboard=("own", "somali"),
    ),
    LanguageFacts(
        "uk",
        close_languages=("ru",),  # most Ukrainians read Russian
        lemmas="uk",
        stop_words="і й та а але або чи не ні ж же б би в у на з із зі до від по за про для що як це я ти він"
        " вона воно ми ви вони мене мені мій моя моє мої його її їх нам вам вас нас",
        keyboard=("library", "ukrainian"),
        holiday_language="uk",
    ),
    LanguageFacts(
        "ru",
        close_languages=("uk",),
        snowball="russian",
        snowball_stop_words=True,
        keyboard=("library", "russian"),
    ),
    LanguageFacts(
        "tr",
        snowball="turkish",
        stem_before_folding=True,  # suffixes follow vowel harmony (ı/i, ü/u)
        snowball_stop_words=True,
        keyboard=("library", "turkish"),
    ),
    LanguageFacts(
        "es",
        snowball="spanish",
        snowball_stop_words=True,
        keyboard=("library", "spanish"),
        flesch=(206.84, 1.02, 60.0),  # Fernández Huerta (1959)
    ),
    LanguageFacts(
        "ro",
        snowball="romanian",
        stop_words="și în la de pe cu din pentru nu sau că este sunt o un al a ce eu tu el ea noi voi ei mi mă meu mea",
        keyboard=("own", "romanian"),
    ),
    LanguageFacts(
        "de",
        snowball="german",
        snowball_stop_words=True,
        keyboard=("library", "german"),
        flesch=(180.0, 1.0, 58.5),  # Amstad (1978)
        holiday_language="de",
    ),
    LanguageFacts(
        "pt",
        snowball="portuguese",
        snowball_stop_words=True,
        keyboard=("library", "brazilian"),
        voice="pt",
    ),
    LanguageFacts(
        "bg",
        lemmas="bg",
        stop_words="и в на с със за от до по не да се е ли че как или а но това този тази тя той те ние вие аз ти"
        " ми ме ни ви",
        keyboard=("own", "bulgarian"),
    ),
    LanguageFacts(
        "pl",
        snowball="polish",
        stop_words="i w we z ze na do o od po za nie się że jak to jest lub czy a ale ja ty on ona my wy oni mnie mi"
        " dla mój moja",
        keyboard=("library", "polish"),
    ),
    LanguageFacts(
        "sq",
        lemmas="sq",
        stop_words="dhe në për me nga që nuk është jam unë ti ai ajo ne ju ata një i e të së ose se",
        keyboard=("own", "albanian"),
    ),
    LanguageFacts(
        "ckb",
        english_name="Kurdish (Sorani)",
        close_languages=("ku",),  # Sorani and Kurmanji readers often read each other
        ngram_sizes=(2, 3),
        stop_words="و لە بە بۆ کە ئەم ئەو من تۆ ئێمە ئێوە ئەوان نە نا یان یا لەگەڵ",
        keyboard=("library", "kurdish"),  # the package's Kurdish layout is Sorani, in Arabic script
    ),
    LanguageFacts(
        "ku",
        english_name="Kurdish (Kurmanji)",
        close_languages=("ckb",),
        ngram_sizes=(3, 4),
        stop_words="û ji li bi di de ku ne na ez tu ew em hûn min te wî wê me we wan ev yan jî bo",
        keyboard=("own", "kurmanji"),
    ),
    # Not offered, but articles may be written in it: its readability formula is known.
    LanguageFacts("it", flesch=(217.0, 1.3, 60.0)),  # Franchina & Vacca (1986)
)

LANGUAGE_FACTS: dict[str, LanguageFacts] = {record.code: record for record in _RECORDS}


def facts_of(code: str) -> LanguageFacts:
    """The record of ``code``; a language with no record gets the defaults (n-grams, Latin keyboard)."""
    return LANGUAGE_FACTS.get(code) or LanguageFacts(code)
