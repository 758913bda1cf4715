"""The web chat: a Gradio app built around an :class:`index.Engine`.

``build_app(engine)`` returns the ``gr.Blocks``; the handlers below are plain
functions that tests call without a browser. Everything a user typed or a
statement holds is HTML-escaped before it reaches the page, so markup is
shown as text and never run.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass

from index.engine import MAX_QUESTION_CHARS, Engine, QuestionError
from index.followup import Turn, contextualize
from index.results import Answer, Hit, display_date

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
    "ja": "_声明は原文（英語）のまま引用しています。 The statement is quoted in its original language (English)._\n\n",
    "fr": "_La déclaration est citée dans sa langue d'origine (anglais). "
    "The statement is quoted in its original language (English)._\n\n",
    "other": "_The statement is quoted in its original language (English)._\n\n",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]~|$])")

CSS = """
.sqa-statement { font-family: Georgia, 'Times New Roman', serif; line-height: 1.55; max-height: 78vh; overflow-y: auto;
  padding: 0.4rem 0.9rem; }
.sqa-statement h3 { font-size: 1.05rem; margin: 0.2rem 0; }
.sqa-statement .sqa-date { color: #666; margin-bottom: 0.8rem; }
.sqa-statement h4 { font-size: 0.95rem; margin: 0.9rem 0 0.3rem; }
.sqa-statement p { margin: 0.3rem 0; }
.sqa-statement p.sqa-quoted { background: #fff8e1; border-left: 3px solid #d69e2e; padding: 0.2rem 0.5rem; }
.sqa-statement mark { background: #fbd38d; padding: 0 1px; }
.sqa-statement .sqa-ref { color: #8a8a8a; font-size: 0.8rem; margin-right: 0.3rem; }
"""


@dataclass(frozen=True)
class Reply:
    """One chat reply: the Markdown shown in the chat and the statement panel."""

    markdown: str
    statement_html: str


def escape_text(text: str) -> str:
    """Make any text inert inside Markdown: HTML-escaped, Markdown punctuation backslashed.

    Example:
        >>> print(escape_text("<script>*x*</script>"))
        &lt;script&gt;\\*x\\*&lt;/script&gt;
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def respond(
    engine: Engine,
    message: str,
    history: list | None = None,
    *,
    max_quotes: int = 3,
    mode: str = "hybrid",
) -> Reply:
    """Answer one chat message given the earlier turns (Gradio message dicts)."""
    text = message_text(message)
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
            return _where_reply(engine, turn, max_quotes=max_quotes, mode=mode)
        if turn.intent == "more":
            return _more_reply(engine, turn, history, max_quotes=max_quotes, mode=mode)
        answer = engine.ask(turn.query, mode=mode, max_quotes=max_quotes)
        if not any(_role(item) == "assistant" for item in history or []):
            note = corpus_notice(engine) + note
        if answer.language != "en":
            note += ORIGINAL_LANGUAGE_NOTE.get(answer.language, ORIGINAL_LANGUAGE_NOTE["other"])
        shown = answer.quotes if answer.found else answer.related
        return Reply(note + _reading(turn) + answer_markdown(engine, answer), statement_html(engine, shown))
    except QuestionError:
        return Reply(EMPTY_PROMPT, statement_html(engine, ()))
    except Exception:  # the chat must answer even when something breaks inside
        logger.exception("chat failed on %r", text[:200])
        return Reply("Sorry, something went wrong while searching the statement. Please try again.", "")


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


def answer_markdown(engine: Engine, answer: Answer) -> str:
    """The reply for an answer: each quote under its citation, evidence highlighted."""
    if not answer.found:
        missing = f" It does not mention {escape_text(', '.join(answer.missing))}." if answer.missing else ""
        if answer.related:
            blocks = [quote_markdown(hit, strong=False, hint="closest passage, not an answer") for hit in answer.related]
            return (
                f"**The statement does not directly address this.**{missing} "
                f"{escape_text(answer.closest_places())} It is shown below as the nearest thing "
                "the statement says, not as an answer.\n\n" + "\n\n".join(blocks)
            )
        return (
            f"**The statement does not address this.**{missing} Nothing in it answers "
            f"“{escape_text(answer.question)}”, so I am not quoting anything. Try other words, or one of the examples."
        )
    blocks = [quote_markdown(hit, strong=hit.score >= 2 * engine.ask_settings.min_score) for hit in answer.quotes]
    return "\n\n".join(blocks)


def quote_markdown(hit: Hit, *, strong: bool, hint: str = "") -> str:
    """One quote: citation line, the passage as a blockquote, evidence in <mark>."""
    heading = f"**{escape_text(hit.place())}{' ' + escape_text(hit.section_title) if hit.section_title else ''}**"
    source = escape_text(hit.title or hit.doc)
    when = display_date(hit.date)
    hint = hint or ("strong match" if strong else "partial match")
    citation = f"{heading} — {source}{', ' + escape_text(when) if when else ''} · <small>{hint}, score {hit.score:.2f}</small>"
    return citation + "\n\n> " + highlighted(hit, escape_text, "<mark>", "</mark>")


def highlighted(hit: Hit, escape, opening: str, closing: str) -> str:
    """The passage text, escaped, with its evidence sentences wrapped."""
    out, cursor = [], 0
    for start, end in sorted(hit.evidence):
        out += [escape(hit.text[cursor:start]), opening, escape(hit.text[start:end]), closing]
        cursor = end
    out.append(escape(hit.text[cursor:]))
    return "".join(out)


def statement_html(engine: Engine, quotes: tuple[Hit, ...] | list[Hit]) -> str:
    """The full statement, quoted passages highlighted, evidence marked."""
    statements = engine.statements()
    if not statements:
        return ""
    doc = quotes[0].doc if quotes else statements[0].doc
    statement = next((s for s in statements if s.doc == doc), statements[0])
    quoted = {hit.ref: hit for hit in quotes if hit.doc == statement.doc}
    parts = [
        '<div class="sqa-statement">',
        f"<h3>{html.escape(statement.title)}</h3>",
        f'<div class="sqa-date">{html.escape(statement.date_text or display_date(statement.date))}</div>',
    ]
    section = None
    for passage in statement.passages:
        if passage.section and passage.section != section:
            section = passage.section
            parts.append(f"<h4>{html.escape(passage.section)}. {html.escape(passage.section_title)}</h4>")
        label = passage.ref.split("(", 1)[1].join("()") if "(" in passage.ref else ""
        hit = quoted.get(passage.ref)
        body = highlighted(hit, html.escape, "<mark>", "</mark>") if hit else html.escape(passage.text)
        css = ' class="sqa-quoted"' if hit else ""
        ref_label = f'<span class="sqa-ref">{html.escape(label)}</span>' if label else ""
        parts.append(f'<p id="sqa-{html.escape(passage.ref)}"{css}>{ref_label}{body}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def _reading(turn: Turn) -> str:
    return f"_Reading this as: “{escape_text(turn.query)}”._\n\n" if turn.rewritten else ""


def _where_reply(engine: Engine, turn: Turn, *, max_quotes: int, mode: str) -> Reply:
    answer = engine.ask(turn.query, mode=mode, max_quotes=max_quotes)
    if not answer.found:
        return Reply("The previous answer quoted nothing: the statement does not address that question.", "")
    places = "; ".join(escape_text(hit.citation()) for hit in answer.quotes)
    return Reply(f"That answer quoted {places}.", statement_html(engine, answer.quotes))


def _more_reply(engine: Engine, turn: Turn, history: list | None, *, max_quotes: int, mode: str) -> Reply:
    answer = engine.ask(turn.query, mode=mode, max_quotes=max_quotes)
    if not answer.found:
        return Reply("There is nothing more: the statement does not address that question.", "")
    # each "more" in a row moves one page further down the ranking
    pages = 1
    for item in reversed([h for h in history or [] if _role(h) == "user"]):
        if contextualize(message_text(_content(item)), ["x"]).intent == "more":
            pages += 1
        else:
            break
    shown = {hit.ref for hit in answer.quotes}
    rest = [hit for hit in engine.search(turn.query, k=len(shown) + 3 * pages, mode=mode) if hit.ref not in shown]
    page = rest[3 * (pages - 1) : 3 * pages]
    if not page:
        return Reply("That is everything the statement says that comes close to this question.", "")
    blocks = [quote_markdown(hit, strong=False) for hit in page]
    intro = f"_More passages for “{escape_text(turn.query)}”, less closely related:_\n\n"
    return Reply(intro + "\n\n".join(blocks), statement_html(engine, page))


def _role(item) -> str | None:
    return item.get("role") if isinstance(item, dict) else getattr(item, "role", None)


def _content(item):
    return item.get("content") if isinstance(item, dict) else getattr(item, "content", "")


def build_app(engine: Engine):
    """The Gradio app over ``engine``: chat, statement panel, API endpoint ``/chat``."""
    import gradio as gr

    statements = engine.statements()
    first = statements[0] if statements else None
    subtitle = (
        f"Questions are answered by quoting <b>{html.escape(first.title)}</b> ({html.escape(display_date(first.date))}) "
        "word for word, with the sentences that answer highlighted. If the statement does not address a question, "
        "the reply says so."
        if first
        else ""
    )

    def submit(message: str, history: list | None, passages: float, mode: str):
        history = list(history or [])
        reply = respond(engine, message, history, max_quotes=int(passages), mode=mode)
        history += [{"role": "user", "content": escape_text(message_text(message))}, {"role": "assistant", "content": reply.markdown}]
        return history, "", reply.statement_html or statement_html(engine, ())

    def chat_markdown(message: str, history: list | None = None, passages: int = 3, mode: str = "hybrid") -> str:
        """Answer a question about the statement; returns the reply as Markdown."""
        return respond(engine, message, history or [], max_quotes=int(passages), mode=mode).markdown

    # no usage analytics, whatever GRADIO_ANALYTICS_ENABLED says
    with gr.Blocks(title="statement-qa", analytics_enabled=False) as demo:
        gr.Markdown(f"## Ask the statement\n{subtitle}")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    height=560,
                    sanitize_html=True,
                    elem_id="sqa-chat",
                    buttons=["copy"],
                    label="Conversation",
                    placeholder="Ask about the statement: the answer quotes it word for word.",
                )
                with gr.Row():
                    textbox = gr.Textbox(
                        placeholder="Ask about the statement…", elem_id="sqa-input", show_label=False, scale=8
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, min_width=70, elem_id="sqa-send")
                    clear = gr.Button("Clear", scale=1, min_width=70)
                gr.Examples(examples=EXAMPLES, inputs=[textbox], label="Try")
                with gr.Accordion("Advanced", open=False):
                    passages = gr.Slider(1, 5, value=3, step=1, label="Passages to quote (at most)")
                    mode = gr.Radio(["hybrid", "dense", "bm25"], value="hybrid", label="Retrieval")
            with gr.Column(scale=2):
                with gr.Accordion("The statement (quoted passages highlighted)", open=True):
                    panel = gr.HTML(statement_html(engine, ()), elem_id="sqa-panel")
        inputs = [textbox, chatbot, passages, mode]
        outputs = [chatbot, textbox, panel]
        textbox.submit(submit, inputs, outputs, api_visibility="private")
        send.click(submit, inputs, outputs, api_visibility="private")
        clear.click(lambda: ([], "", statement_html(engine, ())), None, outputs, api_visibility="private")
        # bring the first quoted passage into view in the statement panel
        panel.change(
            None,
            None,
            None,
            js="() => { const q = document.querySelector('#sqa-panel .sqa-quoted');"
            " if (q) q.scrollIntoView({block: 'nearest', behavior: 'smooth'}); }",
            api_visibility="private",
        )
        gr.api(chat_markdown, api_name="chat")
    return demo


def serve(engine: Engine, *, host: str = "127.0.0.1", port: int = 7860, auth=None, concurrency: int = 8):
    """Build and run the app (blocking). Binds to loopback unless told otherwise."""
    engine.build()
    demo = build_app(engine)
    demo.queue(default_concurrency_limit=concurrency, max_size=256)
    from starlette.middleware import Middleware

    from app.guards import KnownEndpoints, LoginThrottle

    demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        auth=auth,
        app_kwargs={"middleware": [Middleware(LoginThrottle), Middleware(KnownEndpoints, known=frozenset(demo.fns))]},
        allowed_paths=[],
        show_error=False,
        css=CSS,
        footer_links=["api"],
    )
