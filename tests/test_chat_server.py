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
