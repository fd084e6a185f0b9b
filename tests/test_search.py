"""Search behaviour on a real Whoosh index on disk: ranking, one hit per article, snippets,
cross-language, typos, synonyms, suggestions, and a parser that takes words, not syntax."""

from __future__ import annotations

import random

import pytest
from conftest import article_file, write

from app.content import load_content
from app.search import Searcher, build_index, present
from app.search.snippet import SNIPPET_WORDS, snippet_html
from app.search.spelling import allowed_edits
from app.search.suggest import Suggester

LANGUAGES = ["en", "fr", "nl", "ar", "ti"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("search") / "content"
    write(
        root / "topics.yaml",
        """
        - id: housing
          pictogram: home
          title: {en: Housing, fr: Logement, ar: السكن}
        - id: health
          pictogram: stethoscope
          title: {en: Health, fr: Santé}
    """,
    )
    write(
        root / "housing" / "deposit" / "en.md",
        article_file(
            "Rental deposit",
            "The guarantee you pay when you rent a flat.",
            "Put the deposit on a blocked account.",
            revision=1,
        ).replace("[a, b, c]", "[guarantee, blocked account, deposit]"),
    )
    write(
        root / "housing" / "deposit" / "ar.md",
        article_file(
            "ضمان الإيجار",
            "المبلغ الذي تدفعه عندما تستأجر شقة.",
            "ضع الضمان في حساب مجمد.",
            translation=("en", 1, True),
        ),
    )
    write(
        root / "housing" / "repairs" / "en.md",
        article_file(
            "Repairs in your home",
            "Who pays for repairs.",
            "If the landlord refuses, ask for help. The deposit is not for repairs.",
            revision=1,
        ),
    )
    write(
        root / "health" / "welfare" / "en.md",
        article_file(
            "The social welfare centre",
            "Help from the CPAS of your commune.",
            "The CPAS helps people without enough income.",
            revision=1,
        ),
    )
    write(
        root / "health" / "welfare" / "fr.md",
        article_file(
            "Le CPAS",
            "L'aide du centre public d'action sociale.",
            "Le CPAS aide les personnes.",
            translation=("en", 1, False),
        ),
    )
    write(
        root / "health" / "schools" / "ar.md",
        article_file("المدارس في بروكسل", "كيف تسجل أطفالك.", "تسجيل الأطفال في المدارس.", revision=1),
    )
    write(
        root / "health" / "tigrinya" / "ti.md",
        article_file("ሓገዝ ሕክምና", "ሓኪም ምርካብ", "ሓኪም ኣብ ከተማ ብራስልስ ምርካብ።", revision=1),
    )
    write(root / "synonyms" / "en.yaml", "- [cpas, ocmw, social welfare centre]\n- [flat, apartment]\n")
    write(root / "synonyms" / "nl.yaml", "- [ocmw, cpas]\n")
    content = load_content(root, LANGUAGES)
    assert content.problems == []
    index_dir = root.parent / "index"
    build_index(content, index_dir, languages=LANGUAGES)
    return content, Searcher(index_dir)


def search(corpus, text, lang="en"):
    content, searcher = corpus
    return searcher.search(text, lang, synonyms=content.synonyms)


def articles(outcome):
    return [hit.article for hit in outcome.hits]


def test_title_ranks_above_body(corpus):
    # "deposit" is in one title and in another article's body.
    assert articles(search(corpus, "deposit")) == ["housing/deposit", "housing/repairs"]


def test_one_result_per_article_even_when_several_languages_match(corpus):
    outcome = search(corpus, "CPAS", "fr")
    assert articles(outcome).count("health/welfare") == 1
    assert outcome.hits[0].lang == "fr"


def test_snippets_mark_the_matches_and_escape_the_rest(corpus):
    outcome = search(corpus, "landlord")
    assert "<mark>landlord</mark>" in corpus[1].snippet(outcome, outcome.hits[0])
    content, searcher = corpus
    assert searcher.search("<script>", "en").hits == ()


def test_a_snippet_is_the_window_around_the_first_match(corpus):
    outcome = search(corpus, "landlord")
    opened = corpus[1]._open
    words = [f"word{n}" for n in range(200)]
    words[100], words[110], words[150] = "landlord", "landlords", "landlord"
    snippet = snippet_html(" ".join(words), "en", opened, outcome.query_tokens)
    shown = snippet.removeprefix("… ").removesuffix(" …").split()
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert len(shown) == SNIPPET_WORDS and shown[0] == f"word{100 - SNIPPET_WORDS // 3}"
    assert shown.count("<mark>landlord</mark>") == 1 and "<mark>landlords</mark>" in shown  # 150 is past it
    # Nothing matches: the text's first words, and no mark.
    assert snippet_html(" ".join(words[:40]), "en", opened, outcome.query_tokens).split()[0] == "word0"
    assert snippet_html("a short text", "en", opened, outcome.query_tokens) == "a short text"


def test_a_text_keeps_its_snippets_by_the_tokens_they_mark(corpus):
    """One analysed text answers many searches: each gets the snippet of the tokens it shares
    with the text, kept or made now alike."""
    from app.search.snippet import SNIPPETS_PER_TEXT, analyse_text, snippet_from

    search(corpus, "landlord")  # the index opened
    opened = corpus[1]._open
    words = [f"word{n}" for n in range(200)]
    words[20], words[120] = "landlord", "deposit"
    analysed = analyse_text(" ".join(words), "en", opened)
    wanted = [{"landlord"}, {"deposit", "absent"}, {"landlord", "deposit"}, set(), {"absent"}]
    first = [snippet_from(analysed, tokens) for tokens in wanted]
    assert first[0] != first[1] != first[2] and first[3] == first[4] and first[3].startswith("word0")
    assert "<mark>deposit</mark>" in first[1] and "<mark>landlord</mark>" in first[2]
    assert len(analysed.made) == 4  # {"deposit", "absent"} marks what {"deposit"} would
    for _ in range(SNIPPETS_PER_TEXT):  # more kinds of snippet than are kept: made again
        snippet_from(analysed, {f"word{len(analysed.made) + 50}"})
    assert len(analysed.made) <= SNIPPETS_PER_TEXT
    assert [snippet_from(analysed, tokens) for tokens in wanted] == first


def test_cross_language_hit_is_shown_in_the_visitor_language(corpus):
    content, _ = corpus
    outcome = search(corpus, "deposit", "ar")
    shown = present(outcome, content, "ar", ("en",))
    assert (shown[0][0].key, shown[0][1].lang) == ("housing/deposit", "ar")
    # No translation: shown in its own language (the page labels it).
    assert [(a.key, v.lang) for a, v, _ in shown][1] == ("housing/repairs", "en")


def test_visitor_language_first_then_others(corpus):
    outcome = search(corpus, "حساب", "ar")
    assert articles(outcome)[0] == "housing/deposit" and outcome.hits[0].lang == "ar"


def test_other_languages_are_searched_only_when_the_visitor_s_found_nothing(corpus):
    # The languages a search looked in are those it took tokens for (for its snippets).
    at_once = search(corpus, "cpas", "en")
    assert articles(at_once) == ["health/welfare"] and set(at_once.query_tokens) == {"en"}
    elsewhere = search(corpus, "personnes", "en")  # French only
    assert articles(elsewhere) == ["health/welfare"] and "fr" in elsewhere.query_tokens


@pytest.mark.parametrize("word, edits", [("flat", 0), ("repair", 1), ("guarantee", 2), ("deposits", 1)])
def test_typo_allowance(word, edits):
    assert allowed_edits(word) == edits


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("depost", "housing/deposit"),  # one edit, 6 letters
        ("garantee", "housing/deposit"),  # one edit in 8 letters
        ("guarantea", "housing/deposit"),  # 9 letters, one edit
        ("gurantea", "housing/deposit"),  # 8 letters, two edits: too many
    ],
)
def test_typos_are_forgiven_within_the_allowance(corpus, typed, expected):
    outcome = search(corpus, typed)
    if typed == "gurantea":
        assert outcome.hits == ()
    else:
        assert articles(outcome)[0] == expected
        assert outcome.suggestion and outcome.suggestion != typed


def test_two_edits_forgiven_in_long_words(corpus):
    outcome = search(corpus, "guarrantea")  # 10 letters, two edits from "guarantee"
    assert articles(outcome)[0] == "housing/deposit" and outcome.suggestion == "guarantee"


def test_short_words_are_not_corrected(corpus):
    assert search(corpus, "flar").hits == ()


def test_did_you_mean_only_for_misspelled_words(corpus):
    assert search(corpus, "deposit").suggestion is None
    assert search(corpus, "repiars").suggestion == "repairs"


def test_synonyms_apply_at_query_time(corpus):
    assert articles(search(corpus, "OCMW", "en")) == ["health/welfare"]
    assert articles(search(corpus, "apartment", "en")) == ["housing/deposit"]
    # A phrase synonym: "social welfare centre" and CPAS meet.
    assert "health/welfare" in articles(search(corpus, "ocmw", "nl"))


def test_arabic_broken_plural_finds_the_singular(corpus):
    assert articles(search(corpus, "مدرسة", "ar")) == ["health/schools"]


def test_tigrinya_partial_word_finds_by_ngrams(corpus):
    assert articles(search(corpus, "ሓኪም", "ti")) == ["health/tigrinya"]


@pytest.mark.parametrize(
    "text",
    [
        "title_en:deposit",
        "deposit*",
        "dep?sit",
        "[a TO z]",
        "deposit^10",
        "NOT AND (",
        '"deposit',
        "deposit OR",
        "((((((",
        "a" * 5000,
        "\x00",
        "deposit" + " x" * 100,
    ],
)
def test_syntax_is_never_interpreted(corpus, text):
    outcome = search(corpus, text)
    assert outcome.available
    if "deposit" in text and "title_en" not in text:
        assert "housing/deposit" in articles(outcome) or len(outcome.words) == 12


def test_suggestions_as_you_type(corpus):
    content, _ = corpus
    suggester = Suggester(content)
    assert [s.text for s in suggester.suggest("dep", "en")][:1] == ["deposit"] or "Rental deposit" in [
        s.text for s in suggester.suggest("dep", "en")
    ]
    assert [s.text for s in suggester.suggest("rental dep", "en")] == ["Rental deposit"]
    assert suggester.suggest("", "en") == []
    arabic = suggester.suggest("ضم", "ar")
    assert arabic and arabic[0].lang == "ar"
    # Latin letters do not suggest Tigrinya or Arabic titles (the fixture's Latin keywords
    # "a, b, c" are in every file, so a letter they do not start with is typed).
    latin = suggester.suggest("d", "ti")
    assert latin and all(s.lang in ("en", "fr") for s in latin)


def reference_suggestions(suggester: Suggester, text: str, lang: str, limit: int = 8) -> list:
    """What the suggester must answer, by brute force over every entry."""
    from app.search.analysis import fold_word, script_of
    from app.search.slots import query_words

    typed = [fold_word(w, lang) for w in query_words(text)]
    if not typed or not typed[-1]:
        return []
    script = script_of(typed[-1])

    def starts(number):
        return all(any(w.startswith(p) for w in suggester.entry_words[number]) for p in typed)

    def inside(number):  # in the visitor's language, three letters or more may match inside a word
        words = suggester.entry_words[number]
        return any(len(p) >= 3 for p in typed) and all(
            any(w.startswith(p) or (len(p) >= 3 and p in w) for w in words) for p in typed
        )

    found = [
        (entry.lang != lang, not starts(number), number)
        for number, entry in enumerate(suggester.entries)
        if (starts(number) and (entry.lang == lang or script_of(entry.text) == script))
        or (entry.lang == lang and inside(number))
    ]
    return [suggester.entries[number] for *_, number in sorted(found)[:limit]]


@pytest.mark.slow
def test_suggestions_are_the_best_entries_for_every_prefix():
    # The real content set: short prefixes come from ordered lists, long ones from the word list.
    from app.config import load_config
    from app.content import load_content

    config = load_config(environ={})
    suggester = Suggester(load_content(config.content_dir, config.languages))
    typed = set()
    # A fixed sample of entries: the brute-force reference reads every entry for each prefix.
    for entry in random.Random(7).sample(suggester.entries, 150):
        words = entry.text.split()
        for end in range(1, 7):
            typed.add((words[0][:end], entry.lang))
            if len(words) > 1:
                typed.add((f"{words[0]} {words[1][:end]}", entry.lang))
                typed.add((words[0][:end], "ar" if entry.lang != "ar" else "en"))
    assert len(typed) > 1000
    for text, lang in sorted(typed):
        assert suggester.suggest(text, lang) == reference_suggestions(suggester, text, lang), (text, lang)


def test_scores_with_field_lengths_in_memory_are_whoosh_s_own(corpus):
    # The open build reads each field's lengths into memory once (BM25F asks for them for every
    # document it scores), each term's entry once (a query looks it up five times) and the
    # postings of rare terms once; the scores must be exactly those Whoosh computes reading the file.
    from whoosh.filedb.filestore import FileStorage
    from whoosh.query import And, Or, Term

    _, searcher = corpus
    searcher.search("deposit", "en")  # opens the build
    opened = searcher._open
    plain = FileStorage(str(opened.build), supports_mmap=False).open_index().searcher()
    try:
        for field, word in [("head_en", "deposit"), ("body_en", "repair"), ("body_fr", "cpa"), ("head_ti", "ሓኪም")]:
            query = Or([Term(field, word), Term("body_en", "help")])
            ours = [(hit.docnum, hit.score) for hit in opened.searcher.search(query)]
            whoosh = [(hit.docnum, hit.score) for hit in plain.search(query)]
            assert ours and ours == whoosh
        leaf = opened.reader.leaf_readers()[0][0]
        assert isinstance(leaf._perdoc._readers["_body_en_len"], bytes)  # read from memory indeed
        assert type(leaf._terms).__name__ == "_RememberedTerms"  # term entries remembered too
        assert leaf._terms._postings  # and the postings of rare terms, read once into memory
        for query in [And([Term("body_en", "deposit"), Term("body_en", "account")]), Term("head_en", "deposit")]:
            ours = [(hit.docnum, hit.score) for hit in opened.searcher.search(query)]
            assert ours and ours == [(hit.docnum, hit.score) for hit in plain.search(query)]
        for field, word in [("head_en", "deposit"), ("body_en", "zzz"), ("body_fr", "cpa")]:
            assert opened.reader.doc_frequency(field, word) == plain.reader().doc_frequency(field, word)
            assert opened.reader.frequency(field, word) == plain.reader().frequency(field, word)
            assert ((field, word) in opened.reader) == ((field, word) in plain.reader())
    finally:
        plain.close()


def test_a_tigrinya_whole_word_and_a_part_of_one_both_find_the_article(corpus):
    # Whole words are searched first in n-gram languages (the grams of a word meet most texts
    # of a large index), then grams: "ሓኪም" is found as a word, and marked in the snippet;
    # "ሓኪ", a part of a word, by its grams.
    outcome = search(corpus, "ሓኪም", "ti")
    assert articles(outcome) == ["health/tigrinya"]
    assert "<mark>ሓኪም</mark>" in corpus[1].snippet(outcome, outcome.hits[0])
    assert articles(search(corpus, "ሓኪ", "ti")) == ["health/tigrinya"]


def test_an_or_of_many_parts_scores_as_whoosh_s_array_or(corpus):
    # Our Or merges its parts as a tree of unions; Whoosh's, on an index this small, pre-loads
    # them into an array. Same documents, same scores (sums in another order: approx).
    from whoosh.query import Or as WhooshOr
    from whoosh.query import Term

    from app.search.terms import Or

    _, searcher = corpus
    searcher.search("deposit", "en")
    opened = searcher._open
    parts = [Term("head_en", "deposit"), Term("body_en", "repair"), Term("body_en", "help"), Term("head_en", "cpa")]
    ours = {hit.docnum: hit.score for hit in opened.searcher.search(Or(parts))}
    whoosh = {hit.docnum: hit.score for hit in opened.searcher.search(WhooshOr(parts))}
    assert len(ours) >= 3 and ours == pytest.approx(whoosh)
    context = opened.searcher.context(needs_current=False)  # as a search asks
    assert type(WhooshOr(parts).matcher(opened.searcher, context)).__name__ == "ArrayUnionMatcher"
    assert type(Or(parts).matcher(opened.searcher, context)).__name__ == "UnionMatcher"


@pytest.mark.parametrize(
    "words, corrections, expected",
    [
        # The longest phrase starting at a word wins; of phrases as long, the group listed first.
        (("social", "housing", "help"), {}, [("social housing", "hlm"), ("help",)]),
        (("social", "help"), {}, [("social", "welfare"), ("help",)]),
        (("hlm",), {}, [("social housing", "hlm")]),
        # A corrected word finds its synonyms too.
        (("welfere",), {"welfere": "welfare"}, [("social", "welfare")]),
        (("nothing", "here"), {}, [("nothing",), ("here",)]),
    ],
)
def test_synonym_phrases_replace_the_words_they_cover(words, corrections, expected):
    from app.search.slots import query_slots

    groups = [("social", "welfare"), ("social housing", "hlm"), ("social housing", "council flat")]
    slots = query_slots(words, corrections, groups, "en")
    assert [tuple(" ".join(phrase) for phrase in slot.alternatives) for slot in slots] == expected


def test_words_queries_and_term_frequencies_are_kept_within_their_bounds(corpus, monkeypatch):
    """A word's query and a term's frequency are made once per build and kept, up to a bound:
    past it they are made again, and every search finds what it found before."""
    from app.search import small_queries, terms

    texts = [("landlord deposit", "en"), ("deposit", "fr"), ("landlord", "en"), ("rent flat", "en")]
    before = [articles(search(corpus, text, lang)) for text, lang in texts]
    opened = corpus[1]._open
    assert opened.word_queries and opened._term_scores._sizes
    monkeypatch.setattr(terms, "KEPT_WORD_QUERIES", 2)
    monkeypatch.setattr(small_queries, "KEPT_SIZES", 2)
    search(corpus, "blocked account guarantee")  # new words: what is kept is emptied first
    for text, lang in texts:
        corpus[1]._results.clear()  # searched again, not answered from the kept outcomes
        assert articles(search(corpus, text, lang)) == before[texts.index((text, lang))]
        assert len(opened.word_queries) <= 2 and len(opened._term_scores._sizes) <= 2
