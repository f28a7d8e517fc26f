"""insights.mentions: what counts as naming an erased person in typed text, by tombstone
key (the values themselves are never needed), and what is left alone."""

from __future__ import annotations

from etl.identity import tombstone_key
from insights.mentions import redactor, search_mentions

SECRET = b"s" * 40
ERASED = [
    ("email", "jane.quinlan@example.com"),
    ("phone", "+31612345678"),
    ("linkedin", "https://www.linkedin.com/in/mark"),
    ("name", "Jane Quinlan"),
    ("name", "İlkay Öz"),
]
TOMBSTONES = [(kind, tombstone_key(kind, value, SECRET), None) for kind, value in ERASED]
redact = redactor(TOMBSTONES, SECRET)


def test_contacts_are_found_however_they_are_written() -> None:
    assert redact("mail 'Jane.Quinlan@Example.com' now") == "mail '[erased]' now"
    assert redact("email=jane.quinlan@example.com x") == "email=[erased] x"
    assert redact("mailto:jane.quinlan@example.com") == "mailto:[erased]"
    assert redact("call +31612345678 2024-01-01") == "call [erased] 2024-01-01"
    assert redact("call 0031 6 1234 5678.") == "call [erased]."
    assert redact("see https://www.linkedin.com/in/mark/ or in/mark") == "see [erased] or [erased]"


def test_names_are_found_inside_punctuation_and_possessives() -> None:
    assert redact("met (Jane Quinlan's, team)") == "met ([erased]'s, team)"
    assert redact('"JANE   quinlan"') == '"[erased]"'
    assert redact("notes: İlkay Öz joined") == "notes: [erased] joined"  # offsets kept


def test_names_are_found_surname_first() -> None:
    assert redact("Quinlan, Jane called back") == "[erased] called back"
    assert redact("rang (QUINLAN Jane)") == "rang ([erased])"
    assert redact("Öz, İlkay: evenings") == "[erased]: evenings"
    assert redact("Quinlan,\nJane and\tQuinlan\tJane") == "[erased] and\t[erased]"
    assert redact("Quinlan and Jane met") == "Quinlan and Jane met"  # not one name


def test_a_compound_surname_written_first_is_found() -> None:
    erased = redactor([("name", tombstone_key("name", "Jane van Quinlan", SECRET), None)], SECRET)
    assert erased("met van Quinlan, Jane today") == "met [erased] today"


def test_what_is_not_theirs_is_left_alone() -> None:
    for text in (
        "Mark joined; mark the date",  # a bare word is never a LinkedIn profile
        "Janet Quinlan",
        "Quinlan",  # a surname alone is not recognised (documented)
        "+31612345679",
        "other@example.com",
    ):
        assert redact(text) == text


def test_a_query_string_is_redacted_value_by_value() -> None:
    query = "pool_text=Jane+Quinlan&pool_country=NL"
    assert redact(query) == "pool_text=%5Berased%5D&pool_country=NL"


def test_a_national_phone_matches_only_the_identity_given() -> None:
    given = redactor([], SECRET, ("phone", "+31 6 12345678"))
    assert given("ring 06-12345678 today") == "ring [erased] today"
    assert redact("ring 06-12345678 today") == "ring 06-12345678 today"


def test_saved_searches_are_deleted_for_contacts_not_for_names() -> None:
    mentions = search_mentions(TOMBSTONES, SECRET)
    assert mentions("pool_text=jane.quinlan%40example.com")
    assert mentions("pool_text=%2B31+6+12345678")
    assert not mentions("pool_text=Jane+Quinlan")  # a name is redacted instead
    assert not mentions("pool_text=mark")


def test_an_address_after_a_long_run_of_address_characters_is_still_found() -> None:
    # the run made the unbounded pattern backtrack for seconds (a search typed to hurt it)
    text = "x" * 20_000 + " jane.quinlan@example.com"
    assert redact(text).endswith("[erased]")
    assert redact("y" * 20_000) == "y" * 20_000
