"""The SDK's tests run against the real `labelwell` binary, on a fresh SQLite
database and on a fresh PostgreSQL database (created here, dropped after).

- `LABELWELL_TEST_BINARY`: the server binary; by default the release (else the
  debug) build in `$CARGO_TARGET_DIR` (`~/.cache/labelwell/target`, as
  scripts/test sets it) or `./target`.
- `LABELWELL_TEST_POSTGRES_URL`: the PostgreSQL server to create databases on
  (default `postgres://postgres@127.0.0.1:5432/postgres`).
- `LABELWELL_TEST_BACKENDS`: `sqlite,postgres` (default) or one of them.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

import pytest

import labelwell

PASSWORD = "correct horse battery staple"
ROOT = Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "openapi" / "openapi.json"

os.environ.setdefault("LABELWELL_NO_PROGRESS", "1")


def _binary() -> Path:
    explicit = os.environ.get("LABELWELL_TEST_BINARY")
    if explicit:
        return Path(explicit)
    targets = [Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache/labelwell/target")), ROOT / "target"]
    for target in targets:
        for profile in ("release", "debug"):
            candidate = target / profile / "labelwell"
            if candidate.exists():
                return candidate
    raise pytest.UsageError(
        "no labelwell binary: run `cargo build --release -p labelwell-server` or set LABELWELL_TEST_BINARY"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _postgres_admin_url() -> str:
    return os.environ.get("LABELWELL_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _psql(url: str, statement: str) -> str:
    psql = shutil.which("psql")
    if psql is None:
        raise RuntimeError("the PostgreSQL tests need `psql`")
    done = subprocess.run(
        [psql, url, "-v", "ON_ERROR_STOP=1", "-qAtc", statement], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"psql failed: {done.stderr.strip()}")
    return done.stdout


class Server:
    """A running `labelwell serve` over its own fresh database."""

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.workdir = Path(tempfile.mkdtemp(prefix="labelwell-sdk-test-"))
        self.database: str | None = None
        if backend == "sqlite":
            self.database_url = f"sqlite://{self.workdir / 'labelwell.db'}"
        else:
            self.database = f"labelwell_sdk_test_{uuid.uuid4().hex}"
            admin = _postgres_admin_url()
            _psql(admin, f"CREATE DATABASE {self.database}")
            parts = urlsplit(admin)
            self.database_url = urlunsplit(parts._replace(path=f"/{self.database}"))
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = open(self.workdir / "server.log", "wb")  # noqa: SIM115 (closed by stop())
        env = dict(os.environ)
        env.update(
            LABELWELL_DATABASE_URL=self.database_url,
            LABELWELL_BIND=f"127.0.0.1:{self.port}",
            LABELWELL_LOG="warn",
            # Webhook tests deliver to a receiver on loopback, and wait for retries.
            LABELWELL_WEBHOOK_ALLOW_PRIVATE_TARGETS="true",
            LABELWELL_WEBHOOK_POLL_MS="100",
            LABELWELL_WEBHOOK_FIRST_RETRY_MS="200",
        )
        self.process = subprocess.Popen(
            [str(_binary()), "serve"], cwd=self.workdir, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.logs()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/readyz", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not become ready: {self.logs()}")

    def logs(self) -> str:
        self.log.flush()
        return (self.workdir / "server.log").read_text(errors="replace")[-4000:]

    def sql(self, statement: str) -> None:
        """Runs a statement on the server's database, for states no client can reach quickly."""
        if self.backend == "sqlite":
            with sqlite3.connect(self.workdir / "labelwell.db") as connection:
                connection.execute(statement)
        else:
            _psql(self.database_url, statement)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        if self.database is not None:
            _psql(_postgres_admin_url(), f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        shutil.rmtree(self.workdir, ignore_errors=True)


def _backends() -> list[str]:
    chosen = os.environ.get("LABELWELL_TEST_BACKENDS", "sqlite,postgres")
    return [backend.strip() for backend in chosen.split(",") if backend.strip()]


@pytest.fixture(scope="session", params=_backends())
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    """The server, once per backend for the whole session."""
    running = Server(request.param)
    try:
        yield running
    finally:
        running.stop()


class Accounts:
    """Makes accounts on the test server: unique emails, signed-in clients, tokens."""

    def __init__(self, server: Server) -> None:
        self.server = server

    def session(self, name: str = "user") -> labelwell.Client:
        """A new account, signed in with its password (a session client)."""
        email = f"{name}-{uuid.uuid4().hex[:12]}@example.com"
        return labelwell.Client.signup(email, PASSWORD, name, base_url=self.server.base_url)

    def token(self, session: labelwell.Client, **options: Any) -> str:
        """A new API token of the account behind `session`."""
        return session.tokens.create("tests", **options).secret

    def token_client(self, session: labelwell.Client, **options: Any) -> labelwell.Client:
        """A token client of the account behind `session`."""
        return labelwell.Client(self.server.base_url, self.token(session, **options))

    def user(self, name: str = "user") -> labelwell.Client:
        """A new account's token client: how scripts use the SDK."""
        return self.token_client(self.session(name))


@pytest.fixture
def accounts(server: Server) -> Accounts:
    return Accounts(server)


SCHEMA: dict[str, Any] = {
    "fields": [{"name": "text"}],
    "questions": [{"name": "sentiment", "type": "single_label", "labels": ["positive", "negative", "neutral"]}],
}


class World:
    """An organization with an owner (token client), and a project ready for items."""

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts
        self.owner_session = accounts.session("owner")
        #: The owner's API token, for more clients of the owner (through a fault proxy).
        self.owner_token = accounts.token(self.owner_session)
        self.owner = labelwell.Client(accounts.server.base_url, self.owner_token)
        self.org = self.owner.organizations.create("Acme Research")
        self.project = self.owner.projects.create(self.org.id, name="Support tickets")
        self.owner.annotation_ui.publish(self.project.id, SCHEMA)
        self.owner.guidelines.publish(self.project.id, text="# Sentiment", annotation_ui_version=1)

    def member(self, role: str, name: str | None = None) -> labelwell.Client:
        """A new account added to the organization with `role`, accepted (token client)."""
        session = self.accounts.session(name or role)
        assert session.user is not None
        self.owner.members.add(self.org.id, email=session.user.email, role=role)
        client = self.accounts.token_client(session)
        client.pending_memberships.accept(self.org.id)
        return client

    def items(self, count: int, prefix: str = "t") -> list[dict[str, Any]]:
        return [{"external_id": f"{prefix}{i}", "data": {"text": f"ticket number {i}"}} for i in range(count)]


@pytest.fixture
def world(accounts: Accounts) -> World:
    return World(accounts)


@pytest.fixture
def user_id_of() -> Callable[[labelwell.Client], Any]:
    def user_id(client: labelwell.Client) -> Any:
        return client.me.get().id

    return user_id
