"""The README's example, run as a newcomer would: a token in the environment,
then a project, items, annotation, and the labels in a DataFrame."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Accounts

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "quickstart.py"


def test_the_quickstart_example_runs(accounts: Accounts) -> None:
    pytest.importorskip("pandas")
    token = accounts.session("newcomer").tokens.create("my pipeline").secret
    env = dict(os.environ, LABELWELL_URL=accounts.server.base_url, LABELWELL_TOKEN=token)
    done = subprocess.run([sys.executable, str(EXAMPLE)], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "imported 3 items"
    assert "ticket-1    Thanks, that fixed it!        positive" in done.stdout
    assert len(lines) == 5
