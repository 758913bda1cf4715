"""Run ``statement-qa serve`` in a child process, for benchmarks and load tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Served:
    url: str
    pid: int
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mib(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of a process in MiB (``VmHWM`` for its peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for process {pid}")


@contextlib.contextmanager
def served(corpus_dir: Path | None, index_dir: Path, log: Path, *, timeout: float = 180.0, auth: str | None = None):
    """Start the chat server on a free loopback port; stop it on exit.

    ``auth`` ("USER:PASSWORD") is passed the way an operator would, through
    ``$STATEMENT_QA_AUTH``.
    """
    port = free_port()
    command = [str(Path(sys.executable).with_name("statement-qa"))]
    if corpus_dir is not None:
        command += ["--corpus", str(corpus_dir)]
    command += ["--index", str(index_dir), "serve", "--port", str(port)]
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    env.pop("STATEMENT_QA_AUTH", None)
    if auth:
        env["STATEMENT_QA_AUTH"] = auth
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited early:\n{log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError(f"the server did not start in {timeout:.0f} s:\n{log.read_text()[-2000:]}")
                time.sleep(0.3)
        yield Served(url=url, pid=process.pid, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
