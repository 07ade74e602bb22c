"""Behaviour on a real terminal (a pseudo-terminal): rich tables with colour unless
NO_COLOR or --color never, and progress on stderr only when stderr is a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest
from conftest import CATALOG, installed

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


@pytest.fixture(autouse=True)
def _catalog(_isolated, monkeypatch):
    """The installed command reads the catalog fixture, not data/."""
    monkeypatch.setenv("AITRACK_DATA_DIR", str(CATALOG))


def on_tty(*args: str, env: dict | None = None) -> str:
    """Run aitrack with stdout and stderr on a pseudo-terminal; return what it showed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [installed(), *args],
        stdout=slave,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "200", "TERM": "xterm-256color", **(env or {})},
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_terminal_gets_a_coloured_rich_table():
    out = on_tty("compare", "wse-3", "h100")
    assert "\x1b[" in out and ("┃" in out or "│" in out)
    assert "6,300×" in out


def test_no_color_and_color_never():
    for env, args in (({"NO_COLOR": "1"}, ()), ({}, ("--color", "never"))):
        out = on_tty("list", "chips", *args, env=env)
        assert "\x1b[3" not in out and "\x1b[1m" not in out, out[:200]
        assert "wse-3" in out


def test_progress_only_on_a_terminal():
    out = on_tty("validate")
    assert "validating" in out and "valid: " in out
    piped = subprocess.run([installed(), "validate"], capture_output=True, text=True, timeout=60)
    assert piped.returncode == 0 and piped.stdout == "" and "validating" not in piped.stderr
    assert "\nvalid: " in piped.stderr and "\r" not in piped.stderr
