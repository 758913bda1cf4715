from __future__ import annotations

import pytest

from corpus import CorpusError, parse_statement, read_statement, split_sentences
from tests.conftest import SEED_DOC, SEED_FILE

SEED_REFS = [
    "intro", "1(1)", "1(2)", "2(1)", "2(2)", "2(3)",
    "3(1)", "3(2)", "3(3)", "3(4)", "4(1)", "4(2)", "4(3)", "4(4)", "5",
]


@pytest.fixture(scope="module")
def seed():
    return read_statement(SEED_FILE)


def test_seed_yields_the_documents_own_numbering(seed):
    assert [p.ref for p in seed.passages] == SEED_REFS


def test_seed_metadata(seed):
    assert seed.doc == SEED_DOC
    assert seed.title == "Sixth Japan-France Foreign and Defense Ministers’ Meeting (“2+2”)"
    assert seed.date == "2022-01-20"
    assert all(p.title == seed.title and p.date == "2022-01-20" for p in seed.passages)


def test_sections_keep_number_and_title_even_without_space_after_dot(seed):
    by_ref = {p.ref: p for p in seed.passages}
    assert (by_ref["1(1)"].section, by_ref["1(1)"].section_title) == ("1", "General remarks")
    assert (by_ref["4(2)"].section, by_ref["4(2)"].section_title) == ("4", "Regional affairs")
    assert (by_ref["5"].section, by_ref["5"].section_title) == ("5", "Disarmament and non-proliferation")
    assert by_ref["intro"].section == ""


def test_wrapped_lines_are_joined_verbatim(seed):
    by_ref = {p.ref: p for p in seed.passages}
    assert by_ref["4(2)"].text.startswith("The four Ministers expressed strong concerns over North Korea’s advancing")
    assert "missile development activities" in by_ref["4(2)"].text  # joined across a line break
    assert by_ref["4(2)"].text.endswith("immediate resolution of the abductions issue.")
    assert "  " not in by_ref["2(3)"].text and "\n" not in by_ref["2(3)"].text
    assert "“Jeanne d’Arc”" in by_ref["2(1)"].text  # curly quotes kept


def test_passages_are_the_statement_text_with_whitespace_normalised(seed):
    flat = " ".join(seed.text.split())
    for passage in seed.passages:
        assert passage.text in flat


def test_sentence_offsets_slice_back_to_sentences(seed):
    by_ref = {p.ref: p for p in seed.passages}
    assert by_ref["4(2)"].sentence_texts() == [
        "The four Ministers expressed strong concerns over North Korea’s advancing nuclear and missile "
        "development activities, including the recent series of ballistic missile launches.",
        "The four Ministers reaffirmed that the full implementation of relevant United Nations Security Council "
        "resolutions is essential for North Korea’s dismantlement of all weapons of mass destruction and ballistic "
        "missiles of all ranges in a complete, verifiable, and irreversible manner.",
        "Furthermore, Minister Hayashi requested continued understanding and cooperation for the immediate "
        "resolution of the abductions issue.",
    ]
    for passage in seed.passages:
        spans = passage.sentences
        assert spans and spans[0][0] == 0 and spans[-1][1] == len(passage.text)
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))


def test_titles_initials_and_times_do_not_split_wrongly(seed):
    intro = seed.passages[0].sentence_texts()
    assert intro[0].startswith("On January 20, Mr. KISHI Nobuo")
    assert intro[0].endswith("Minister for Europe and Foreign Affairs of the French Republic.")
    assert intro[1] == "The meeting lasted for approximately one hour 45 minutes from 9:30 p.m. to 11:15 p.m."
    assert len(intro) == 4


def test_split_sentences_examples():
    text = "Mr. Kishi spoke. H.E. Ms. Parly replied! Then “Yes.” Done?"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Mr. Kishi spoke.", "H.E. Ms. Parly replied!", "Then “Yes.”", "Done?",
    ]


def test_unnumbered_statement_falls_back_to_paragraphs():
    text = "A short title\n\nMarch 3, 2023\n\nFirst paragraph\nwraps here.\n\nSecond one. It has two sentences.\n"
    statement = parse_statement(text, "plain")
    assert [p.ref for p in statement.passages] == ["p1", "p2"]
    assert statement.title == "A short title" and statement.date == "2023-03-03"
    assert statement.passages[0].text == "First paragraph wraps here."
    assert statement.passages[1].sentence_texts() == ["Second one.", "It has two sentences."]


def test_statement_without_title_line_uses_the_file_name():
    statement = parse_statement("This is a long opening paragraph that runs on.\nAnd continues.", "some-doc")
    assert statement.title == "some doc"
    assert [p.ref for p in statement.passages] == ["p1"]


def test_a_numbering_typo_keeps_both_items_with_unique_refs(caplog):
    text = "Title\n\n1. Section\n(1) One.\n(1) Again.\n(2) Two.\n(1) Third time.\n"
    statement = parse_statement(text, "dup", source="dup.txt")
    assert [(p.ref, p.text) for p in statement.passages] == [
        ("1(1)", "One."), ("1(1)-2", "Again."), ("1(2)", "Two."), ("1(1)-3", "Third time.")
    ]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert "dup.txt, line 5: the ref '1(1)' appears again; this one is cited as '1(1)-2'" in warnings
    assert any("line 7" in w and "'1(1)-3'" in w for w in warnings)


def test_empty_text_is_refused():
    with pytest.raises(CorpusError, match="empty"):
        parse_statement("  \n\n ", "blank")
