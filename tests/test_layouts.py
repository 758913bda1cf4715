"""Statements in the layouts and formats ministries publish (fixtures in tests/data/statements).

Every fixture is invented text written for these tests. Each is checked for
its title, date, refs and section titles, and for the absence of whatever
surrounds a statement on a page (menus, banners, page numbers).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import comparable, parse_date, parse_statement, read_statement, read_text
from tests.pdf_fixture import HEADER as PDF_HEADER
from tests.pdf_fixture import write_pdf

FIXTURES = Path(__file__).parent / "data" / "statements"

# file -> (title, ISO date, [(ref, section, section title, start of text)])
EXPECTED = {
    "norvand-valmora-joint-2023.txt": (
        "Joint Statement by the Prime Ministers of Norvand and Valmora",
        "2023-11-14",
        [
            ("intro", "", "", "The Prime Ministers of Norvand and Valmora met in Holmstad"),
            ("1", "", "Partnership", "The two Prime Ministers celebrated fifty years"),
            ("2", "", "Partnership", "They agreed to hold an annual summit"),
            ("3", "", "Regional Security", "The Prime Ministers expressed grave concern"),
            ("4", "", "Regional Security", "They welcomed the mine clearance programme"),
            ("5", "", "Energy", "Norvand will supply Valmora with liquefied natural gas"),
        ],
    ),
    "estoria-press-release-2023.txt": (
        "Foreign Minister Adler Visits Estoria",
        "2023-03-03",
        [
            ("intro", "", "", "Foreign Minister Ilse Adler of Valmora paid an official visit"),
            ("1(1)", "1", "Bilateral relations", "The two Ministers agreed to open a consulate general"),
            ("1(2)", "1", "Bilateral relations", "Minister Revik thanked Valmora"),
            ("2(1)", "2", "Multilateral cooperation", "The Ministers confirmed their joint candidacy"),
            ("2(2)", "2", "Multilateral cooperation", "They exchanged views on the reform of the Northern Council"),
        ],
    ),
    "valmora-trade-communique-2024.txt": (
        "Communiqué of the Valmora–Estoria Trade Council",
        "2024-05-12",
        [
            ("s1.b1", "", "Trade and Investment", "The Council welcomed a twenty per cent rise"),
            ("s1.b2", "", "Trade and Investment", "Both sides will remove tariffs on agricultural machinery"),
            ("s2", "", "Standards and Customs", "The Council agreed on the following steps:"),
            ("s2(a)", "", "Standards and Customs", "mutual recognition of safety certificates"),
            ("s2(b)", "", "Standards and Customs", "a single electronic customs declaration"),
            ("s2(c)", "", "Standards and Customs", "a joint laboratory for food safety testing"),
            ("s3.b1", "", "Next Session", "The next session of the Council will be held in Estoria"),
        ],
    ),
    "declaration-franco-valmorane-2024.txt": (
        "Déclaration conjointe franco-valmorane sur la coopération culturelle",
        "2024-01-20",
        [
            ("1", "", "", "Les ministres de la Culture de la France et de Valmora"),
            ("2", "", "", "Les deux pays créeront une résidence d'artistes"),
            ("3", "", "", "Les ministres ont décidé d'organiser en 2025"),
        ],
    ),
    "valmora-security-dialogue-2022.txt": (
        "Valmora–Norvand Security Dialogue: Chair's Summary",
        "2022-09-02",
        [
            ("I.1", "I", "Maritime security", "The delegations reviewed the joint exercises"),
            ("I.2", "I", "Maritime security", "They discussed the protection of undersea cables"),
            ("I.2(1)", "I", "Maritime security", "sharing information on suspicious vessels;"),
            ("I.2(2)", "I", "Maritime security", "joint inspections of cable landing stations."),
            ("II.1", "II", "Cyber security", "The delegations condemned the ransomware attacks"),
            ("II.2", "II", "Cyber security", "They agreed to set up a rapid alert channel"),
            ("II.3", "II", "Cyber security", "They will hold a tabletop exercise"),
        ],
    ),
    "valmora-japan-overview-2021.txt": (
        "日本・ヴァルモラ外相会談（概要）",
        "2021-06-08",
        [
            ("intro", "", "", "6月8日、日本とヴァルモラの外務大臣は東京で会談を行った。"),
            ("1(1)", "1", "二国間関係", "両外相は、経済、文化及び人的交流の分野で"),
            ("1(2)", "1", "二国間関係", "両外相は、来年の国交樹立七十周年に向けて"),
            ("2(1)", "2", "地域情勢", "両外相は、アンバー海における航行の自由"),
        ],
    ),
    "estoria-norvand-health-2025.md": (
        "Estoria–Norvand Health Cooperation Statement",
        "2025-04-09",
        [
            ("intro", "", "", "The Health Ministers of Estoria and Norvand met in Holmstad to renew"),
            ("1(1)", "1", "Pandemic preparedness", "The Ministers agreed to share genomic surveillance data"),
            ("1(2)", "1", "Pandemic preparedness", "They will build a joint stockpile"),
            ("2.b1", "2", "Medical training", "Each year, forty Estorian nurses"),
            ("2.b2", "2", "Medical training", "Norvand will send rural doctors"),
        ],
    ),
    "valmora-estoria-fisheries-2024.html": (
        "Joint Statement on Fisheries Cooperation between Valmora and Estoria",
        "2024-06-03",
        [
            ("intro", "", "", "The Foreign Ministers of Valmora and Estoria met in the harbour city"),
            ("1(1)", "1", "Sustainable fishing", "The Ministers agreed to set joint catch limits"),
            ("1(2)", "1", "Sustainable fishing", "The Ministers decided to close the spawning grounds"),
            ("2", "2", "Enforcement at sea", "The two coast guards will run joint patrols"),
            ("3.b1", "3", "Coastal communities", "A fund of twelve million crowns"),
            ("3.b2", "3", "Coastal communities", "Young people from both countries"),
        ],
    ),
}

# what surrounds a statement on a page, and must never be quoted
FURNITURE = [
    "Press Releases", "Communiqué de presse", "cookies", "Home", "Contact Us", "Privacy policy",
    "All rights reserved", "Related articles", "dataLayer", "pageview", "Ministry of Foreign Affairs of Valmora",
    "Page 1 of", "Page 2 of", PDF_HEADER,
]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_layout_parses_as_published(name):
    statement = read_statement(FIXTURES / name)
    title, date, passages = EXPECTED[name]
    assert (statement.title, statement.date) == (title, date)
    got = [(p.ref, p.section, p.section_title) for p in statement.passages]
    assert got == [(ref, section, section_title) for ref, section, section_title, _ in passages]
    for passage, (ref, *_, start) in zip(statement.passages, passages):
        assert passage.text.startswith(start), ref
        assert passage.title == title and passage.date == date
    _assert_no_furniture(statement)


def test_every_fixture_is_checked():
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(EXPECTED)


def test_pdf_drops_running_headers_and_page_numbers_and_joins_across_pages(tmp_path):
    statement = read_statement(write_pdf(tmp_path / "norvand-estoria-arctic-2024.pdf"))
    assert statement.title == "Norvand-Estoria Arctic Research Agreement: Summary"
    assert statement.date == "2024-10-21"
    assert [p.ref for p in statement.passages] == [str(n) for n in range(1, 9)]
    by_ref = {p.ref: p for p in statement.passages}
    # paragraph 7 runs across the page break, past a footer and a header
    assert by_ref["7"].text.endswith("Disputes over its meaning will be settled by consultation between the two ministries.")
    assert by_ref["8"].text == "Either country may end the agreement with one year's notice in writing."
    _assert_no_furniture(statement)


def test_html_without_its_own_date_line_takes_the_pages_date(tmp_path):
    page = (FIXTURES / "valmora-estoria-fisheries-2024.html").read_text(encoding="utf-8")
    page = page.replace('<p class="date">Valmora, 3 June 2024</p>', "").replace(
        "<head>", '<head>\n<meta property="article:published_time" content="2024-06-04">'
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    statement = read_statement(path)
    assert statement.date == "2024-06-04"
    assert statement.title == "Joint Statement on Fisheries Cooperation between Valmora and Estoria"


def test_html_page_with_no_article_names_the_file(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>", encoding="utf-8")
    with pytest.raises(Exception, match="menu.html"):
        read_statement(path)


def test_a_file_that_is_not_a_pdf_names_the_file(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\nthis is not really a PDF")
    with pytest.raises(Exception, match="broken.pdf"):
        read_statement(path)


def test_quotes_verify_against_the_text_the_format_yields():
    for name in EXPECTED:
        path = FIXTURES / name
        statement = read_statement(path)
        whole = comparable(read_text(path))
        for passage in statement.passages:
            assert comparable(passage.text) in whole, (name, passage.ref)


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("January 20, 2022", "2022-01-20"),
        ("20 January 2022", "2022-01-20"),
        ("Valmora, 12 May 2024", "2024-05-12"),
        ("Paris, le 20 janvier 2022", "2022-01-20"),
        ("le 1er février 2023", "2023-02-01"),
        ("2022年1月20日", "2022-01-20"),
        ("東京、2022年1月20日", "2022-01-20"),
        ("2024-06-04", "2024-06-04"),
        ("12/05/2024", ""),  # day or month first? not guessed
        ("May 2024", ""),
        ("Regional Security", ""),
        ("The Ministers met in 2022 and again in 2023 to discuss the matter at length.", ""),
    ],
)
def test_date_lines(line, iso):
    assert parse_date(line) == iso


def test_numbered_paragraphs_with_blank_lines_and_a_wrapped_first_line():
    text = (
        "Joint Press Statement\n\nApril 2, 2024\n\n"
        "1. The two Foreign Ministers of Valmora and Estoria reaffirmed their commitment to the\n"
        "peaceful settlement of disputes.\n\n"
        "2. They agreed to meet again in the autumn.\n"
    )
    statement = parse_statement(text, "x")
    assert [(p.ref, p.section_title) for p in statement.passages] == [("1", ""), ("2", "")]
    assert statement.passages[0].text.endswith("to the peaceful settlement of disputes.")


def test_hyphenation_at_line_ends_is_repaired_and_real_hyphens_kept():
    text = (
        "Statement\n\nJune 1, 2024\n\n"
        "1. The Ministers agreed to strengthen co-\noperation on the environ-\nment and on non-\n"
        "proliferation, and on the Indo-\nPacific.\n"
        "2. The Indo-Pacific matters.\n"
    )
    passage = parse_statement(text, "x").passages[0]
    assert passage.text == (
        "The Ministers agreed to strengthen co-operation on the environment and on non-proliferation, "
        "and on the Indo-Pacific."
    )


def test_a_one_line_heading_then_a_section_of_paragraphs():
    text = (
        "Chair's Statement\n\n3 March 2024\n\n"
        "1. Climate\n\nThe participants agreed on a fund.\n\nThey will report next year.\n\n"
        "- It will be public.\n- It will be short.\n"
    )
    statement = parse_statement(text, "x")
    assert [p.ref for p in statement.passages] == ["1", "1.p2", "1.b1", "1.b2"]
    assert {p.section_title for p in statement.passages} == {"Climate"}


def test_items_written_1_paren_and_letters_under_items():
    text = (
        "Summary\n\nMarch 3, 2024\n\n"
        "4. Trade\n1) Tariffs will fall.\n(a) on steel;\n(b) on grain.\n2) Quotas will go.\n"
    )
    refs = [p.ref for p in parse_statement(text, "x").passages]
    assert refs == ["4(1)", "4(1)(a)", "4(1)(b)", "4(2)"]


def _assert_no_furniture(statement):
    for passage in statement.passages:
        for furniture in FURNITURE:
            assert furniture not in passage.text, (passage.ref, furniture)
