"""A real browser (Playwright driving Debian's headless Chromium) uses the chat."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("STATEMENT_QA_CHROMIUM", "/usr/bin/chromium"))
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)"
        if os.environ.get("STATEMENT_QA_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


def _ask(page, question: str) -> None:
    box = page.locator("#sqa-input textarea")
    box.fill(question)
    box.press("Enter")


def _north_korea(browser, url: str):
    """A fresh page that has asked about North Korea and got its reply."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url, wait_until="load")
    page.locator("#sqa-input textarea").wait_for(timeout=60_000)
    chat = page.locator("#sqa-chat")
    _ask(page, "what was said about North Korea")
    chat.get_by_text("§4(2) Regional affairs").first.wait_for(timeout=60_000)
    return page, chat


def test_asks_follows_up_and_sees_quotes(browser, chat_server):
    page, chat = _north_korea(browser, chat_server)
    assert chat.locator("mark").filter(has_text="North Korea’s advancing nuclear").count() >= 1
    # the statement panel highlights the quoted passage in context
    assert "sqa-quoted" in (page.locator("#sqa-4\\(2\\)").get_attribute("class") or "")

    _ask(page, "and Iran?")
    chat.get_by_text("§4(4) Regional affairs").first.wait_for(timeout=60_000)
    assert chat.get_by_text("Reading this as").count() >= 1

    _ask(page, '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>')
    chat.get_by_text("<script>window.__pwned=2</script>", exact=False).first.wait_for(timeout=60_000)
    assert page.evaluate("window.__pwned === undefined")

    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "chat.png"), full_page=True)
    assert (OUTPUT / "chat.png").stat().st_size > 10_000
    page.close()


def _reply_count(page) -> int:
    return page.locator('#sqa-chat [data-testid="bot"]').count()


def test_first_hour_details_a_reader_sees(browser, chat_server):
    page, chat = _north_korea(browser, chat_server)
    page.wait_for_timeout(1200)  # the panel scrolls smoothly
    # the panel shows the best quote (§4(2)), not the first quoted one in document order (§2(1))
    assert page.evaluate(
        """() => { const box = document.querySelector('#sqa-panel .sqa-statement');
                   const best = box.querySelector('.sqa-best'); const r = best.getBoundingClientRect(),
                   b = box.getBoundingClientRect(); return best.id === 'sqa-4(2)' && r.top >= b.top - 1 && r.top < b.bottom; }"""
    )
    assert "(2))" not in page.locator("#sqa-panel").inner_text()

    # a long reply is shown from its first line
    _ask(page, "What did they say about the Indo-Pacific?")
    page.wait_for_function("() => document.querySelectorAll('#sqa-chat [data-testid=\"bot\"]').length === 2", timeout=60_000)
    page.wait_for_timeout(800)
    assert page.evaluate(
        """() => { const replies = document.querySelectorAll('#sqa-chat [data-testid="bot"]');
                   const last = replies[replies.length - 1], box = last.closest('[role="log"]');
                   const r = last.getBoundingClientRect(), b = box.getBoundingClientRect();
                   return r.top >= b.top - 1 && r.top < b.top + 60; }"""
    )

    # an empty message adds nothing
    users = page.locator('#sqa-chat [data-testid="user"]').count()
    _ask(page, "   ")
    page.wait_for_timeout(1500)
    assert page.locator('#sqa-chat [data-testid="user"]').count() == users and _reply_count(page) == 2

    # one control clears the conversation, and the panel with it
    clear = page.get_by_role("button", name="Clear")
    assert clear.count() == 1
    clear.click()
    page.wait_for_function("() => document.querySelectorAll('#sqa-chat [data-testid=\"bot\"]').length === 0", timeout=30_000)
    page.wait_for_function("() => !document.querySelector('#sqa-panel .sqa-quoted')", timeout=30_000)
    page.close()


SIZES = {"wide": {"width": 1400, "height": 1000}, "phone": {"width": 390, "height": 844}}


def _serious_axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} nodes"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _tab_until(page, predicate: str, *, presses: int = 60) -> bool:
    """Press Tab until the focused element matches ``predicate`` (a JS function of the element)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement && ({predicate})(document.activeElement)"):
            return True
    return False


@pytest.mark.parametrize("size", list(SIZES))
def test_the_chat_as_people_use_it(browser, chat_server, size, tmp_path):
    context = browser.new_context(viewport=SIZES[size], accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=chat_server.rstrip("/"))
    page = context.new_page()
    # before any question the empty conversation does not fill the screen
    page.goto(chat_server, wait_until="load")
    page.locator("#sqa-input textarea").wait_for(timeout=60_000)
    empty = page.evaluate("() => document.querySelector('#sqa-chat').getBoundingClientRect().height")
    assert empty < SIZES[size]["height"] * (0.6 if size == "wide" else 0.4)
    # a shared link opens the chat and asks its question
    page.goto(chat_server + "?q=what%20was%20said%20about%20North%20Korea", wait_until="load")
    chat = page.locator("#sqa-chat")
    chat.get_by_text("§4(2) Regional affairs").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    if size == "wide":  # the statement panel scrolled itself; the page did not move
        assert page.evaluate("() => window.scrollY") == 0
    # the reply is in view, its first line included
    top = page.evaluate(
        "() => { const r = [...document.querySelectorAll('#sqa-chat [data-testid=\"bot\"]')].pop();"
        " return r.getBoundingClientRect().top; }"
    )
    assert 0 <= top < SIZES[size]["height"] * 0.8

    # copy a quote with its citation: the clipboard holds the statement's words and where they are
    chat.locator("a.sqa-copy", has_text="Copy quote with citation").first.click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("“The four Ministers") and copied.endswith(
        "(§4(2), Sixth Japan-France Foreign and Defense Ministers’ Meeting (“2+2”), 20 January 2022)"
    )
    chat.locator("a.sqa-copy", has_text="Copy as Markdown").first.click()
    assert page.evaluate("() => navigator.clipboard.readText()").startswith("> “The four Ministers")
    chat.locator("a.sqa-link").first.click()
    assert page.evaluate("() => navigator.clipboard.readText()").endswith("?q=what%20was%20said%20about%20North%20Korea")

    # export the conversation as Markdown, every quote with its citation
    with page.expect_download() as download:
        page.locator("#sqa-export").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "## what was said about North Korea" in exported
    assert "> — §4(2), Sixth Japan-France Foreign and Defense Ministers’ Meeting (“2+2”), 20 January 2022" in exported

    # keyboard only: Tab reaches the question box, Enter asks, Tab reaches the copy controls
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    assert _tab_until(page, "el => el.matches('#sqa-input textarea')")
    page.keyboard.type("and Iran?")
    page.keyboard.press("Enter")
    chat.get_by_text("§4(4) Regional affairs").first.wait_for(timeout=60_000)
    assert _tab_until(page, "el => el.matches('#sqa-chat a.sqa-copy')", presses=120)

    assert _serious_axe_violations(page) == []
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"chat-{size}.png"), full_page=False)
    context.close()


@pytest.fixture(scope="module")
def many_server(many_corpus, tmp_path_factory):
    """The chat over ten statements in four formats."""
    from eval.server import served

    log = tmp_path_factory.mktemp("many-server") / "server.log"
    with served(many_corpus, tmp_path_factory.mktemp("many-server-index"), log) as server:
        yield server.url


def test_many_statements_picker_groups_and_panel(browser, many_server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(many_server, wait_until="load")
    page.locator("#sqa-input textarea").wait_for(timeout=60_000)
    chat, panel = page.locator("#sqa-chat"), page.locator("#sqa-panel")
    assert "10 statements" in page.locator("body").inner_text()
    # before any question the panel shows the newest statement
    panel.get_by_text("Estoria–Norvand Health Cooperation Statement").first.wait_for(timeout=30_000)

    # all statements: quotes grouped under each statement's title and date, newest first
    _ask(page, "What did the ministers agree about fishing and the Amber Sea?")
    chat.get_by_text("Joint Statement on Fisheries Cooperation between Valmora and Estoria").first.wait_for(
        timeout=60_000
    )
    reply = chat.locator('[data-testid="bot"]').last.inner_text()
    assert "3 June 2024" in reply
    panel.get_by_text("Joint Statement on Fisheries Cooperation between Valmora and Estoria").first.wait_for()

    # one statement picked: the panel shows it, and the next answer quotes only it
    page.locator("#sqa-picker input").click()
    page.get_by_role("option", name="Foreign Minister Adler Visits Estoria (3 March 2023)").click()
    panel.get_by_text("Foreign Minister Adler Visits Estoria").first.wait_for(timeout=30_000)
    _ask(page, "What did the ministers agree?")
    chat.get_by_text("§1(1) Bilateral relations").first.wait_for(timeout=60_000)
    last = chat.locator('[data-testid="bot"]').last.inner_text()
    assert "Foreign Minister Adler Visits Estoria" in last and "Fisheries" not in last
    assert "sqa-quoted" in (page.locator("#sqa-1\\(1\\)").get_attribute("class") or "")
    # the answer's link asks the same statement again
    link = chat.locator("a.sqa-link").last.get_attribute("href")
    assert link.endswith("?q=What%20did%20the%20ministers%20agree%3F&doc=estoria-press-release-2023"), link

    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "chat-many.png"), full_page=True)
    page.close()
