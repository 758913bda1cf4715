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
