"""The web chat: a Gradio app built around an :class:`index.Engine`.

``build_app(engine)`` returns the ``gr.Blocks``; the handlers below are plain
functions that tests call without a browser. Everything a user typed or a
statement holds is HTML-escaped before it reaches the page, so markup is
shown as text and never run.
"""

from __future__ import annotations

import html
import logging
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.render import (
    answer_json,
    answer_markdown,
    escape_text,
    export_markdown,
    export_turn,
    grouped_quotes,
    statement_html,
)
from index.engine import MAX_QUESTION_CHARS, Engine, QuestionError
from index.followup import Turn, contextualize
from index.results import Hit, display_date

logger = logging.getLogger(__name__)

EXAMPLES = [
    "what was said about North Korea",
    "and Iran?",
    "台湾海峡",
    "Qu'ont dit les ministres sur la Corée du Nord ?",
    "What did they agree on cyber security?",
    "Did they discuss Tonga?",
    "Who attended the meeting?",
    "Did they discuss Brazil?",
]
EMPTY_PROMPT = "Please type a question about the statement, for example “what was said about North Korea”."
# Inline Markdown that could change how a quote reads; "<", ">" and "&" are
# HTML-escaped first, and a quote always starts after "> ", so line-start
# syntax (#, -, 1.) cannot trigger.
# Shown above answers to questions asked in another language.
ORIGINAL_LANGUAGE_NOTE = {
    "ja": "声明は原文（英語）のまま引用しています。",
    "fr": "La déclaration est citée dans sa langue d'origine (anglais).",
    "de": "Die Erklärung wird in ihrer Originalsprache (Englisch) zitiert.",
    "es": "La declaración se cita en su idioma original (inglés).",
    "it": "La dichiarazione è citata nella sua lingua originale (inglese).",
    "pt": "A declaração é citada no seu idioma original (inglês).",
    "nl": "De verklaring wordt geciteerd in de oorspronkelijke taal (Engels).",
    "pl": "Oświadczenie jest cytowane w języku oryginału (angielskim).",
    "ru": "Заявление цитируется на языке оригинала (английском).",
    "tr": "Açıklama orijinal dilinde (İngilizce) alıntılanmıştır.",
    "ar": "يُقتبس البيان بلغته الأصلية (الإنجليزية).",
    "zh": "声明以原文（英文）引用。",
    "ko": "성명은 원문(영어) 그대로 인용됩니다.",
    "th": "แถลงการณ์นี้อ้างอิงตามภาษาต้นฉบับ (ภาษาอังกฤษ)",
}
ENGLISH_NOTE = "The statement is quoted in its original language (English)."


def language_note(language: str) -> str:
    """The note above answers to questions not asked in English, in the asker's language and in English."""
    note = ORIGINAL_LANGUAGE_NOTE.get(language)
    return f"_{note} {ENGLISH_NOTE}_\n\n" if note else f"_{ENGLISH_NOTE}_\n\n"

CSS = """
.sqa-statement { font-family: Georgia, 'Times New Roman', serif; line-height: 1.55; max-height: 78vh; overflow-y: auto;
  padding: 0.4rem 0.9rem; }
.sqa-statement h3 { font-size: 1.05rem; margin: 0.2rem 0; }
.sqa-statement .sqa-date { color: #666; margin-bottom: 0.8rem; }
.sqa-statement h4 { font-size: 0.95rem; margin: 0.9rem 0 0.3rem; }
.sqa-statement p { margin: 0.3rem 0; }
.sqa-statement p.sqa-quoted { background: #fff8e1; border-left: 3px solid #d69e2e; padding: 0.2rem 0.5rem; }
.sqa-statement p.sqa-best { border-left-width: 5px; }
#sqa-chat a.sqa-copy, #sqa-chat a.sqa-link { font-size: 0.85rem; }
/* a phone: the conversation first and only as tall as it needs, the statement below it */
@media (max-width: 700px) {
  #sqa-chat { height: auto !important; min-height: 140px; max-height: 65vh; }
  .sqa-statement { max-height: 50vh; }
}
.sqa-statement mark { background: #fbd38d; padding: 0 1px; }
.sqa-statement .sqa-ref { color: #595959; font-size: 0.8rem; margin-right: 0.3rem; }
/* contrast of at least 4.5:1 for text (WCAG AA), checked by axe in the browser test */
#sqa-send { background: #c2410c !important; border-color: #c2410c !important; color: #ffffff !important; }
#sqa-send:hover { background: #9a3412 !important; }
.show-api, footer a, footer button { color: #4b5563 !important; }
"""


# Bring the newest reply's first line into view: inside the conversation on a
# wide screen (the page stays put), and the page itself on a phone.
SHOW_REPLY_JS = """() => {
  const chat = document.querySelector('#sqa-chat');
  if (!chat) return;
  const replies = chat.querySelectorAll('[data-testid="bot"]');
  const last = replies[replies.length - 1];
  const box = last && last.closest('.bubble-wrap, [role="log"]');
  if (!last || !box) return;
  box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
  if (window.innerWidth < 700) window.scrollBy({top: last.getBoundingClientRect().top - 8});
}"""
# Copy controls and answer links in replies are plain links (the sanitiser
# keeps those); one click handler turns them into clipboard copies.
CLIPBOARD_JS = """() => {
  if (window.__sqaClipboard) return;
  window.__sqaClipboard = true;
  document.addEventListener('click', async (event) => {
    const link = event.target.closest('#sqa-chat a.sqa-copy, #sqa-chat a.sqa-link');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const href = link.getAttribute('href');
    const text = link.classList.contains('sqa-link')
      ? new URL(href, window.location.href).toString()
      : decodeURIComponent(href.slice(href.indexOf('=') + 1));
    const label = link.textContent;
    try {
      await navigator.clipboard.writeText(text);
      link.textContent = 'Copied';
    } catch (error) {
      window.prompt('Copy this:', text);
    }
    setTimeout(() => { link.textContent = label; }, 1500);
  }, true);
}"""
# Scroll the statement panel (only the panel, never the page) to the best quoted passage.
SCROLL_PANEL_JS = """() => {
  const box = document.querySelector('#sqa-panel .sqa-statement');
  const best = box && (box.querySelector('.sqa-best') || box.querySelector('.sqa-quoted'));
  if (best) box.scrollTo({top: best.offsetTop - box.offsetTop - 8, behavior: 'smooth'});
}"""


@dataclass(frozen=True)
class Reply:
    """One chat reply: the Markdown shown in the chat and the statement panel."""

    markdown: str
    statement_html: str
    export: str = ""  # this turn for the conversation export (quotes with citations)


def respond(
    engine: Engine,
    message: str,
    history: list | None = None,
    *,
    max_quotes: int = 3,
    mode: str = "hybrid",
    doc: str | None = None,
) -> Reply:
    """Answer one chat message given the earlier turns (Gradio message dicts).

    ``doc`` limits it to one statement (the picker); ``None`` asks them all.
    """
    text = message_text(message)
    doc = doc or None
    try:
        if not text.strip():
            raise QuestionError("empty")
        note = ""
        if len(text) > MAX_QUESTION_CHARS:
            note = (
                f"_Your message is {len(text):,} characters long; I searched its first "
                f"{MAX_QUESTION_CHARS:,}._\n\n"
            )
        turn = contextualize(text[:MAX_QUESTION_CHARS], resolved_history(history))
        if turn.intent == "where":
            return _where_reply(engine, turn, max_quotes=max_quotes, mode=mode, doc=doc)
        if turn.intent == "more":
            return _more_reply(engine, turn, history, max_quotes=max_quotes, mode=mode, doc=doc)
        answer = engine.ask(turn.query, mode=mode, max_quotes=max_quotes, doc=doc)
        if not any(_role(item) == "assistant" for item in history or []):
            note = corpus_notice(engine) + note
        if answer.language != "en" and answer.basis != "language":
            note += language_note(answer.language)
        shown = answer.quotes if answer.found else answer.related
        markdown = answer_markdown(answer, doc=doc)
        return Reply(
            note + _reading(turn) + markdown, panel_html(engine, shown, doc), export_turn(turn.query, answer, "")
        )
    except QuestionError:
        return Reply(EMPTY_PROMPT, panel_html(engine, (), doc))
    except Exception:  # the chat must answer even when something breaks inside
        logger.exception("chat failed on %r", text[:200])
        return Reply("Sorry, something went wrong while searching the statement. Please try again.", "")


def panel_html(engine: Engine, quotes: tuple[Hit, ...] | list[Hit], doc: str | None = None) -> str:
    """The statement panel: the statement being quoted (best quote marked), else the one picked, else the newest."""
    return statement_html(engine.statements(), quotes, doc)


def statement_choices(engine: Engine) -> list[tuple[str, str]]:
    """The picker's choices: "All statements", then each statement newest first, as (label, doc id)."""
    choices = [("All statements", "")]
    for statement in reversed(engine.statements()):
        when = display_date(statement.date)
        choices.append((f"{statement.title} ({when})" if when else statement.title, statement.doc))
    return choices


def corpus_notice(engine: Engine) -> str:
    """A one-time notice about files left out of the corpus (empty when there are none)."""
    problems, skipped = engine.corpus_problems()
    if not problems and not skipped:
        return ""
    parts = []
    if problems:
        noun = "file" if len(problems) == 1 else "files"
        parts.append(f"{len(problems)} {noun} could not be read: " + "; ".join(escape_text(str(p)) for p in problems))
    if skipped:
        parts.append(f"{len(skipped)} skipped: " + "; ".join(escape_text(str(p)) for p in skipped))
    return "_Note: " + ". ".join(parts) + "._\n\n"


def resolved_history(history: list | None) -> list[str]:
    """The earlier user questions, each resolved against those before it."""
    resolved: list[str] = []
    for item in history or []:
        if _role(item) != "user":
            continue
        text = message_text(_content(item))[:MAX_QUESTION_CHARS]
        if text.strip():
            resolved.append(contextualize(text, resolved).query)
    return resolved


def message_text(content) -> str:
    """The text of a message, whatever shape Gradio gives it."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or content.get("content") or "")
    if isinstance(content, (list, tuple)):
        return " ".join(message_text(part) for part in content)
    return str(content)


def _reading(turn: Turn) -> str:
    return f"_Reading this as: “{escape_text(turn.query)}”._\n\n" if turn.rewritten else ""


def _where_reply(engine: Engine, turn: Turn, *, max_quotes: int, mode: str, doc: str | None) -> Reply:
    answer = engine.ask(turn.query, mode=mode, max_quotes=max_quotes, doc=doc)
    if not answer.found:
        return Reply("The previous answer quoted nothing: the statement does not address that question.", "")
    # each statement named once, its quoted places listed under it
    by_doc: dict[str, list[Hit]] = {}
    for hit in answer.quotes:
        by_doc.setdefault(hit.doc, []).append(hit)
    parts = []
    for hits in by_doc.values():
        places = " and ".join(
            escape_text(f"{hit.place()} {hit.section_title}".strip()) for hit in hits
        )
        when = display_date(hits[0].date)
        parts.append(f"{places}, of {escape_text(hits[0].title or hits[0].doc)}{', ' + escape_text(when) if when else ''}")
    return Reply(f"That answer quoted {'; '.join(parts)}.", panel_html(engine, answer.quotes, doc))


def _more_reply(
    engine: Engine, turn: Turn, history: list | None, *, max_quotes: int, mode: str, doc: str | None
) -> Reply:
    answer = engine.ask(turn.query, mode=mode, max_quotes=max_quotes, doc=doc)
    if not answer.found:
        return Reply("There is nothing more: the statement does not address that question.", "")
    # each "more" in a row moves one page further down the ranking
    pages = 1
    for item in reversed([h for h in history or [] if _role(h) == "user"]):
        if contextualize(message_text(_content(item)), ["x"]).intent == "more":
            pages += 1
        else:
            break
    shown = {(hit.doc, hit.ref) for hit in answer.quotes}
    rest = [
        hit for hit in engine.search(turn.query, k=len(shown) + 3 * pages, mode=mode, doc=doc)
        if (hit.doc, hit.ref) not in shown
    ]
    page = rest[3 * (pages - 1) : 3 * pages]
    if not page:
        return Reply("That is everything the statement says that comes close to this question.", "")
    intro = f"_More passages for “{escape_text(turn.query)}”, less closely related:_\n\n"
    return Reply(intro + grouped_quotes(page, lambda hit: "further passage"), panel_html(engine, page, doc))


def _role(item) -> str | None:
    return item.get("role") if isinstance(item, dict) else getattr(item, "role", None)


def _content(item):
    return item.get("content") if isinstance(item, dict) else getattr(item, "content", "")


def build_app(engine: Engine):
    """The Gradio app over ``engine``: chat, statement panel, API endpoint ``/chat``."""
    import gradio as gr

    statements = engine.statements()
    first = statements[0] if statements else None
    if len(statements) > 1:
        subtitle = (
            f"Questions are answered by quoting {len(statements)} statements word for word, with the sentences "
            "that answer highlighted; pick one below or ask them all. If no statement addresses a question, "
            "the reply says so."
        )
        title = f"{len(statements)} statements"
    elif first:
        subtitle = (
            f"Questions are answered by quoting <b>{html.escape(first.title)}</b> "
            f"({html.escape(display_date(first.date))}) word for word, with the sentences that answer highlighted. "
            "If the statement does not address a question, the reply says so."
        )
        title = first.title
    else:
        subtitle, title = "", "the statement"
    known_docs = {statement.doc for statement in statements}

    def submit(message: str, history: list | None, turns: list | None, passages: float, mode: str, doc: str = ""):
        history, turns = list(history or []), list(turns or [])
        if not message_text(message).strip():
            # an empty or blank message adds nothing to the conversation
            return history, "", gr.skip(), turns, gr.skip()
        doc = doc if doc in known_docs else None
        reply = respond(engine, message, history, max_quotes=int(passages), mode=mode, doc=doc)
        history += [
            {"role": "user", "content": escape_text(message_text(message))},
            {"role": "assistant", "content": reply.markdown},
        ]
        turns.append(reply.export or export_turn(message_text(message), None, reply.markdown))
        return history, "", reply.statement_html or panel_html(engine, (), doc), turns, _export_file(turns)

    def _export_file(turns: list) -> str:
        folder = Path(tempfile.gettempdir()) / "statement-qa-exports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"conversation-{uuid.uuid4().hex[:12]}.md"
        path.write_text(export_markdown(turns, title), encoding="utf-8")
        return str(path)

    def open_with_question(request):
        """``?q=…`` in the address asks that question as the page opens (``&doc=…`` of one statement)."""
        params = request.query_params if request is not None else {}
        question, doc = params.get("q") or "", params.get("doc") or ""
        doc = doc if doc in known_docs else ""
        if not question.strip():
            # touch nothing: the reader may already be typing
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), doc or gr.skip()
        return (*submit(question, [], [], 3, "hybrid", doc), doc)

    # a real class, not a postponed string: Gradio injects the request by its type
    open_with_question.__annotations__ = {"request": gr.Request}

    def chat_markdown(
        message: str, history: list | None = None, passages: int = 3, mode: str = "hybrid", doc: str | None = None
    ) -> str:
        """Answer a question about the statements (or one: ``doc``); returns the reply as Markdown (for people)."""
        return respond(engine, message, history or [], max_quotes=int(passages), mode=mode, doc=doc).markdown

    def ask_json(question: str, doc: str | None = None, since: str | None = None, until: str | None = None) -> dict:
        """Answer a question; returns JSON for programs: found, message, quotes with doc, ref,
        section title, text, evidence spans, citation and score, and the closest passages.
        ``doc`` asks one statement; ``since``/``until`` (2024-05-12, 2024-05 or 2024) a date range."""
        try:
            return answer_json(engine.ask(question, doc=doc or None, since=since or None, until=until or None))
        except (QuestionError, KeyError, ValueError) as error:
            message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
            return {"question": message_text(question), "found": False, "error": message, "quotes": [], "related": []}

    # no usage analytics, whatever GRADIO_ANALYTICS_ENABLED says
    with gr.Blocks(title="statement-qa", analytics_enabled=False) as demo:
        gr.Markdown(f"## Ask the statement\n{subtitle}")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                picker = gr.Dropdown(
                    choices=statement_choices(engine), value="", label="Statements to ask", elem_id="sqa-picker",
                    visible=len(statements) > 1, interactive=True,
                )
                chatbot = gr.Chatbot(
                    height=560,
                    sanitize_html=True,
                    elem_id="sqa-chat",
                    buttons=["copy"],
                    label="Conversation",
                    # a long reply is shown from its first line, not scrolled to its end
                    autoscroll=False,
                    placeholder="Ask about the statement: the answer quotes it word for word.",
                )
                with gr.Row():
                    textbox = gr.Textbox(
                        placeholder="Ask about the statement…", elem_id="sqa-input", label="Your question",
                        show_label=False, scale=8,
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, min_width=70, elem_id="sqa-send")
                export = gr.DownloadButton(
                    "Export the conversation (Markdown)", value=None, elem_id="sqa-export", size="sm", variant="secondary"
                )
                turns = gr.State([])
                gr.Examples(examples=EXAMPLES, inputs=[textbox], label="Try")
                with gr.Accordion("Advanced", open=False):
                    passages = gr.Slider(1, 5, value=3, step=1, label="Passages to quote (at most)")
                    mode = gr.Radio(["hybrid", "dense", "bm25"], value="hybrid", label="Retrieval")
            with gr.Column(scale=2):
                with gr.Accordion("The statement (quoted passages highlighted)", open=True):
                    panel = gr.HTML(panel_html(engine, ()), elem_id="sqa-panel")
        inputs = [textbox, chatbot, turns, passages, mode, picker]
        outputs = [chatbot, textbox, panel, turns, export]
        # picking a statement shows it in the panel; the next question asks it alone
        picker.change(lambda doc: panel_html(engine, (), doc), picker, panel, api_visibility="private")
        for trigger in (textbox.submit, send.click):
            trigger(submit, inputs, outputs, api_visibility="private").then(
                None, None, None, js=SHOW_REPLY_JS, api_visibility="private"
            )
        # the conversation's own trash icon is the one control that clears it
        chatbot.clear(lambda: (panel_html(engine, ()), [], None), None, [panel, turns, export], api_visibility="private")
        demo.load(open_with_question, None, outputs + [picker], api_visibility="private").then(
            None, None, None, js=SHOW_REPLY_JS, api_visibility="private"
        )
        demo.load(None, None, None, js=CLIPBOARD_JS, api_visibility="private")
        panel.change(None, None, None, js=SCROLL_PANEL_JS, api_visibility="private")
        gr.api(chat_markdown, api_name="chat")
        gr.api(ask_json, api_name="ask")
    return demo


def serve(engine: Engine, *, host: str = "127.0.0.1", port: int = 7860, auth=None, concurrency: int = 8):
    """Build and run the app (blocking). Binds to loopback unless told otherwise."""
    engine.build()
    demo = build_app(engine)
    demo.queue(default_concurrency_limit=concurrency, max_size=256)
    from starlette.middleware import Middleware

    from app.guards import KnownEndpoints, LoginThrottle

    demo.launch(
        quiet=True,  # our own start-up line says where it runs; no share-link hint
        server_name=host,
        server_port=port,
        share=False,
        auth=auth,
        app_kwargs={"middleware": [Middleware(LoginThrottle), Middleware(KnownEndpoints, known=frozenset(demo.fns))]},
        max_file_size=1,  # the chat takes no uploads: the upload route refuses any real file
        allowed_paths=[],
        show_error=False,
        css=CSS,
        footer_links=["api"],
    )
