"""What a visitor typed is stored only normalised and masked (no app needed)."""

import pytest

from app.anonymise import clean_comment, mask_digits, normalise_query
from app.models import COMMENT_LENGTH, QUERY_LENGTH


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Rental   DEPOSIT ", "rental deposit"),
        ("rijksregisternummer 85.07.30-033.61", "rijksregisternummer #.#.#-#.#"),
        ("call 0470 12 34 56", "call # # # #"),
        ("+32470123456", "+#"),
        ("رقم ٠٤٧٠١٢٣٤٥٦", "رقم #"),  # Arabic-Indic digits
        ("شماره ۰۹۱۲۳۴۵۶۷۸", "شماره #"),  # Persian digits
        ("mail jan.peeters@example.be please", "mail [email] please"),
        ("Straße", "strasse"),
        ("ｆｕｌｌ width １２", "full width #"),
        ("zero\u200bwidth", "zerowidth"),
        ("می\u200cخواهم", "می\u200cخواهم"),  # ZWNJ is part of Persian spelling
        ("\t\n ", ""),
    ],
)
def test_queries_are_normalised_and_digit_runs_masked(typed, stored):
    assert normalise_query(typed) == stored


def test_a_query_is_cut_to_the_stored_length():
    assert len(normalise_query("word " * 100)) <= QUERY_LENGTH


def test_comments_keep_lines_but_lose_numbers_and_addresses():
    comment = "My number is 0470/12.34.56\n\nwrite to me: a.b@example.org\n" + "x" * 900
    cleaned = clean_comment(comment)
    assert "0470" not in cleaned and "example.org" not in cleaned
    assert cleaned.startswith("My number is #/#.#.#\nwrite to me: [email]\n")
    assert len(cleaned) <= COMMENT_LENGTH
    assert mask_digits("a1b22c333") == "a#b#c#"
