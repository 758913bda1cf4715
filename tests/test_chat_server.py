"""The real server, called over HTTP through gradio_client."""

from __future__ import annotations

import re

from gradio_client import Client


def test_chat_endpoint_quotes_4_2(chat_server):
    reply = Client(chat_server, verbose=False).predict("what was said about North Korea", api_name="/chat")
    assert "§4(2)" in reply
    plain = re.sub(r"\\(.)", r"\1", re.sub(r"<[^>]+>", "", reply))
    assert "The four Ministers expressed strong concerns over North Korea’s advancing nuclear and missile" in plain


def test_chat_endpoint_abstains_and_escapes(chat_server):
    client = Client(chat_server, verbose=False)
    silent = client.predict("Did they discuss Brazil?", api_name="/chat")
    assert "does not address" in silent and "§" not in silent
    markup = client.predict("<script>alert(1)</script>", api_name="/chat")
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_chat_endpoint_follows_the_conversation(chat_server):
    history = [
        {"role": "user", "content": "what was said about North Korea"},
        {"role": "assistant", "content": "…"},
    ]
    reply = Client(chat_server, verbose=False).predict("and Iran?", history, api_name="/chat")
    assert "§4(4)" in reply


def test_unknown_endpoints_are_404_and_analytics_are_off(chat_server):
    import httpx

    base = chat_server.rstrip("/")
    for path in ("/gradio_api/queue/join", "/gradio_api/run/predict"):
        reply = httpx.post(base + path, json={"fn_index": 999, "data": [], "session_hash": "s"})
        assert reply.status_code == 404 and "no endpoint with fn_index 999" in reply.text
    assert httpx.get(base + "/config").json()["analytics_enabled"] is False


def test_ask_endpoint_returns_structured_json(chat_server):
    client = Client(chat_server, verbose=False)
    answer = client.predict("what was said about North Korea", api_name="/ask")
    assert answer["found"] is True and answer["message"] == ""
    first = answer["quotes"][0]
    assert (first["doc"], first["ref"], first["section_title"]) == ("japan-france-2plus2-2022-01-20", "4(2)", "Regional affairs")
    assert any(t.startswith("The four Ministers expressed strong concerns") for t in first["evidence_text"])
    assert first["text"][first["evidence"][0][0] : first["evidence"][0][1]] == first["evidence_text"][0]
    assert first["citation"].startswith("§4(2) Regional affairs — Sixth Japan-France") and first["score"] > 0
    assert "<mark>" not in str(answer) and "<small>" not in str(answer)
    near = client.predict("China's Belt and Road Initiative", api_name="/ask")
    assert near["found"] is False and [h["ref"] for h in near["related"]] == ["4(1)"]
    empty = client.predict("   ", api_name="/ask")
    assert empty["found"] is False and "empty" in empty["error"]


def test_server_output_has_no_share_link_hint(chat_server, chat_server_log):
    printed = chat_server_log.read_text()
    assert "statement-qa chat on http://127.0.0.1:" in printed
    assert "share=True" not in printed and "public link" not in printed


def test_make_run_takes_host_and_port():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    plan = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "run", "PORT=7871", "HOST=0.0.0.0"],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout
    assert "statement-qa serve --host 0.0.0.0 --port 7871" in plan


def test_the_upload_route_refuses_files(chat_server):
    import httpx

    reply = httpx.post(
        chat_server.rstrip("/") + "/gradio_api/upload", files={"files": ("notes.txt", b"x" * 4096, "text/plain")}
    )
    assert reply.status_code == 413 and "maximum allowed size" in reply.text
