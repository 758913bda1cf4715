"""The chat's handlers, called as plain functions (no browser, real engine)."""

from __future__ import annotations

import re
import time

from app.chat import EMPTY_PROMPT, escape_text, panel_html, respond


def _user(text):
    return {"role": "user", "content": text}


def _bot(text):
    return {"role": "assistant", "content": text}


def _plain(markdown: str) -> str:
    """The reply as a reader sees it: tags dropped, Markdown escapes undone."""
    return re.sub(r"\\(.)", r"\1", re.sub(r"<[^>]+>", "", markdown))


def test_north_korea_reply_quotes_4_2_verbatim_under_its_citation(real_engine):
    reply = respond(real_engine, "what was said about North Korea", [])
    hits = real_engine.search("what was said about North Korea", k=1)
    # the statement is named once, then each quote by its place; the match in words, no score
    assert reply.markdown.startswith("**Sixth Japan-France Foreign and Defense Ministers’ Meeting (“2+2”)**, 20 January 2022")
    assert reply.markdown.count("Sixth Japan-France") == 1
    assert "**§4(2) Regional affairs** · _closely matches your question_" in reply.markdown
    assert hits[0].text in _plain(reply.markdown)
    assert "<mark>The four Ministers expressed strong concerns over North Korea’s" in reply.markdown
    assert "§2(1)" in reply.markdown and "score" not in reply.markdown


def test_unanswerable_reply_says_so_and_quotes_nothing(real_engine):
    reply = respond(real_engine, "Did they discuss Brazil?", [])
    assert "does not address" in reply.markdown
    assert "§" not in reply.markdown and "<mark>" not in reply.markdown


def test_follow_ups_use_the_conversation(real_engine):
    history = [_user("what was said about North Korea"), _bot("…")]
    iran = respond(real_engine, "and Iran?", history)
    assert "**§4(4)" in iran.markdown and "Reading this as" in iran.markdown
    history += [_user("and Iran?"), _bot(iran.markdown)]
    ukraine = respond(real_engine, "what about Ukraine?", history)
    assert "**§4(3)" in ukraine.markdown
    history += [_user("what about Ukraine?"), _bot(ukraine.markdown)]
    where = respond(real_engine, "which section was that?", history)
    assert where.markdown.startswith("That answer quoted §4(3) Regional affairs, of Sixth Japan-France")
    assert where.markdown.count("Sixth Japan-France") == 1
    nk = respond(real_engine, "which section was that?", [_user("what was said about North Korea"), _bot("…")])
    assert "§4(2) Regional affairs and §2(1) Security and defense cooperation, of Sixth" in nk.markdown


def test_tell_me_more_shows_further_passages(real_engine):
    history = [_user("what was said about North Korea"), _bot("…")]
    more = respond(real_engine, "tell me more", history)
    assert "More passages" in more.markdown
    assert "**§4(2)" not in more.markdown  # already quoted


def test_empty_huge_and_markup_messages(real_engine):
    assert respond(real_engine, "   ", []).markdown == EMPTY_PROMPT
    started = time.perf_counter()
    huge = respond(real_engine, "North Korea " * 1700, [])  # about 20,000 characters
    assert time.perf_counter() - started < 10
    assert "first 2,000" in huge.markdown and "§4(2)" in huge.markdown
    markup = respond(real_engine, "<img src=x onerror=alert(1)> <script>alert(2)</script> Brazil", [])
    assert "<img" not in markup.markdown and "<script" not in markup.markdown
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup.markdown


def test_statement_panel_highlights_quotes_and_escapes_text(real_engine):
    answer = real_engine.ask("what was said about North Korea")
    panel = panel_html(real_engine, answer.quotes)
    # the best quote is marked for the panel to scroll to; items read "(2)", not "(2))"
    assert '<p id="sqa-4(2)" class="sqa-quoted sqa-best"><span class="sqa-ref">(2)</span>' in panel
    assert 'id="sqa-2(1)" class="sqa-quoted">' in panel and "(2))" not in panel
    assert "<mark>" in panel and "Sixth Japan-France" in panel
    assert "“2+2”" in panel


def test_escape_text_neutralises_markup():
    assert escape_text("<b>*x*</b>") == "&lt;b&gt;\\*x\\*&lt;/b&gt;"


def test_near_topic_reply_shows_the_closest_passage_as_not_an_answer(real_engine):
    reply = respond(real_engine, "China's Belt and Road Initiative", [])
    assert reply.markdown.startswith("**The statement does not directly address this.** It does not mention")
    assert "The closest passage is §4(1)." in reply.markdown and "not as an answer" in reply.markdown
    assert "_closest passage, not an answer_" in reply.markdown and "matches your question" not in reply.markdown
    assert 'id="sqa-4(1)" class="sqa-quoted sqa-best"' in reply.statement_html


def test_an_aspect_the_statement_never_gives_is_replied_with_the_entity_passage_as_the_closest(real_engine):
    reply = respond(real_engine, "Iran's oil exports", [])
    assert reply.markdown.startswith(
        "**The statement does not directly address this.** It mentions Iran, but not what the question asks about it."
    )
    assert "The closest passage is §4(4)." in reply.markdown and "_closest passage, not an answer_" in reply.markdown
    assert 'id="sqa-4(4)" class="sqa-quoted sqa-best"' in reply.statement_html


def test_files_left_out_are_noted_once_per_conversation(seed_corpus, tmp_path):
    from index import Engine
    from tests.conftest import FakeEmbedder

    (seed_corpus / "zz-broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    engine = Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder(), multilingual=False)
    first = respond(engine, "Tonga", [])
    assert first.markdown.startswith("_Note: 1 file could not be read: zz-broken.txt — looks like a binary file")
    assert "§3(4)" in first.markdown
    later = respond(engine, "Tonga", [_user("Tonga"), _bot(first.markdown)])
    assert "could not be read" not in later.markdown and "§3(4)" in later.markdown
