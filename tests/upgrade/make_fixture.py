#!/usr/bin/env python3
"""Makes the fixture of an upgrade test: a database of the current schema, full
of data made through the current release's API, as a text dump per backend.

    cargo build --release -p labelwell-server
    python3 tests/upgrade/make_fixture.py            # writes server/tests/fixtures/upgrade/NNNN/

NNNN is the last migration of migrations/ (both backends must end on the same
one). Run it with the release binary of the commit whose schema the fixture
stands for, once per release that changes the schema, and commit the folder; never
remake an existing folder (it stands for databases already out there). The test
that loads it is server/tests/it/upgrade.rs.

For each backend it starts `labelwell serve` on a fresh database (a SQLite file
in a temporary folder; a PostgreSQL database it creates, and drops after, on
--postgres-url), drives the HTTP API as several users so that every table of
the schema gets rows, reads back what the test will read again (as the same
users, in the same order), stops the server, and writes into the folder:

- `sqlite.sql`: the SQLite file as SQL text (Python's `sqlite3` `iterdump()`),
  after `PRAGMA foreign_keys=OFF;` as the sqlite3 shell's `.dump` writes it
  (the dump inserts tables in name order, children before their parents);
- `postgres.sql`: `pg_dump --inserts --no-owner --no-privileges`, INSERTs
  rather than COPY so that sqlx can run it, without the `\\restrict` lines
  that pg_dump 15.14 and later write (psql commands, which only psql runs);
- `sqlite.json`, `postgres.json`: the users and their password, an API token's
  secret, the row count of every table, and the reads with their answers.

It fails when a table of the schema has no row: a table the fixture leaves
empty is a table the upgrade test does not check.

Python's standard library only, so it runs wherever the tests do (`psql` and
`pg_dump` are PostgreSQL's own clients); a Rust binary would have to be built
against this schema's release and kept building as the code moves on.
"""

import argparse
import http.cookiejar
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
# Sessions live 100 years, so that the fixture's sessions are never expired
# rows that a server's session cleanup would delete after the upgrade.
SESSION_TTL_HOURS = str(100 * 365 * 24)


def fail(message):
    sys.exit(f"make_fixture: {message}")


def last_migration():
    """The version of the last migration, the same on both backends."""
    versions = {}
    for backend in ("sqlite", "postgres"):
        names = sorted((ROOT / "migrations" / backend).glob("*.sql"))
        if not names:
            fail(f"no migrations in migrations/{backend}")
        versions[backend] = int(names[-1].name.split("_", 1)[0])
    if versions["sqlite"] != versions["postgres"]:
        fail(f"the backends' last migrations differ: {versions}")
    return versions["sqlite"]


class Server:
    """`labelwell serve` on a database, on a port of its choosing."""

    def __init__(self, binary, database_url, log_path):
        self.log_path = log_path
        env = dict(os.environ)
        env.update(
            {
                "LABELWELL_DATABASE_URL": database_url,
                "LABELWELL_LOG": "warn",
                "LABELWELL_SESSION_TTL_HOURS": SESSION_TTL_HOURS,
                "LABELWELL_SHUTDOWN_DRAIN_DELAY_SECONDS": "0",
            }
        )
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [binary, "serve", "--bind", "127.0.0.1:0"],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.base = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                fail(f"the server ended:\n{self.log()}")
            found = re.search(r"Labelwell is listening on (http://\S+)", self.log())
            if found:
                self.base = found.group(1)
                try:
                    with urllib.request.urlopen(f"{self.base}/readyz") as answer:
                        if answer.status == 200:
                            return
                except (urllib.error.URLError, ConnectionError):
                    pass
            time.sleep(0.05)
        self.stop()
        fail(f"the server was not ready in time:\n{self.log()}")

    def log(self):
        return Path(self.log_path).read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                fail(f"the server did not stop on SIGTERM:\n{self.log()}")


class Caller:
    """One user's browser session: its cookie and CSRF token."""

    def __init__(self, server, name):
        self.server = server
        self.name = name
        self.csrf = None
        self.user = None
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, method, path, body=None, expect=(200,)):
        """Sends a request to an API path; fails unless its status is in `expect`."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.server.base}/api/v1{path}", data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.csrf:
            request.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(request) as answer:
                status, raw = answer.status, answer.read()
                content_type = answer.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
            content_type = error.headers.get("Content-Type", "")
        if status not in expect:
            fail(f"{self.name}: {method} {path} answered {status}: {raw[:2000]!r}")
        if not raw:
            return status, None
        if "ndjson" in content_type or "jsonl" in content_type:
            return status, [json.loads(line) for line in raw.decode().splitlines() if line]
        if "json" in content_type:
            return status, json.loads(raw)
        return status, raw.decode()

    def get(self, path):
        return self.call("GET", path)[1]

    def post(self, path, body=None, expect=(200, 201)):
        return self.call("POST", path, {} if body is None else body, expect)[1]

    def put(self, path, body):
        return self.call("PUT", path, body)[1]

    def patch(self, path, body):
        return self.call("PATCH", path, body)[1]

    def signed_in(self, session):
        self.csrf = session["csrf_token"]
        self.user = session["user"]
        return self


def sign_up(server, name, invitation_token=None):
    body = {"email": f"{name}@example.com", "password": PASSWORD, "name": name.capitalize()}
    if invitation_token:
        body["invitation_token"] = invitation_token
    caller = Caller(server, name)
    return caller.signed_in(caller.post("/auth/signup", body, expect=(201,)))


SENTIMENT_V1 = {
    "fields": [{"name": "text"}],
    "questions": [{"name": "sentiment", "type": "single_label", "labels": ["positive", "negative", "neutral"]}],
}
SENTIMENT_V2 = {
    "fields": [{"name": "text", "label": "Ticket"}],
    "questions": [
        {"name": "sentiment", "type": "single_label", "labels": ["positive", "negative", "neutral"]},
        {"name": "topics", "type": "multi_label", "labels": ["billing", "bug", "praise"], "required": False},
        {"name": "note", "type": "text", "required": False},
    ],
}
TICKETS = [
    {
        "external_id": "t1",
        "data": {"text": "The app crashes on start."},
        "metadata": {"source": "email", "priority": 1},
    },
    {
        "external_id": "t2",
        "data": {"text": "Thanks, that fixed it! 🎉"},
        "metadata": {"source": "chat", "tags": ["vip"]},
    },
    {"external_id": "t3", "data": {"text": 'Où est ma facture ? "Invoice" #42'}, "metadata": {}},
    {
        "external_id": "t4",
        "data": {"text": "Billing charged me twice.\nSecond line."},
        "metadata": {"source": "phone", "nested": {"a": [1, 2.5, None, True]}},
    },
    {"external_id": "t5", "data": {"text": "Not yet looked at."}},
]


def populate(server):
    """Drives the API so that every table gets rows; returns the callers and ids."""
    ada = sign_up(server, "ada")
    acme = ada.post("/organizations", {"name": "Acme Research"}, expect=(201,))["organization"]["id"]
    ada.patch(f"/organizations/{acme}", {"name": "Acme Research Lab"})

    # Grace: added by Ada as a manager, accepts. Dan: added, never accepts (pending).
    grace = sign_up(server, "grace")
    ada.post(f"/organizations/{acme}/members", {"email": "grace@example.com", "role": "manager"}, expect=(201,))
    grace.post(f"/me/pending-memberships/{acme}/accept", expect=(200,))
    dan = sign_up(server, "dan")
    ada.post(f"/organizations/{acme}/members", {"email": "dan@example.com", "role": "viewer"}, expect=(201,))

    # Bob joins by invitation as an annotator, then Ada makes him a reviewer.
    invitation = grace.post(
        f"/organizations/{acme}/invitations", {"email": "bob@example.com", "role": "annotator"}, expect=(201,)
    )
    bob = sign_up(server, "bob", invitation["token"])
    ada.patch(f"/organizations/{acme}/members/{bob.user['id']}", {"role": "reviewer"})
    # Invitations left pending (the longest expiry there is) and revoked.
    ada.post(
        f"/organizations/{acme}/invitations",
        {"email": "hal@example.com", "role": "viewer", "expires_in_days": 30},
        expect=(201,),
    )
    revoked = ada.post(
        f"/organizations/{acme}/invitations", {"email": "ivy@example.com", "role": "annotator"}, expect=(201,)
    )
    ada.call("DELETE", f"/organizations/{acme}/invitations/{revoked['invitation']['id']}", expect=(204,))

    ann = sign_up(server, "ann")
    cy = sign_up(server, "cy")
    for annotator in (ann, cy):
        grace.post(
            f"/organizations/{acme}/members",
            {"email": f"{annotator.name}@example.com", "role": "annotator"},
            expect=(201,),
        )
        annotator.post(f"/me/pending-memberships/{acme}/accept", expect=(200,))

    # API tokens: Ada's read-only one bound to Acme (its secret is kept for the
    # test), Grace's unbound one with an expiry, and one revoked.
    ada_token = ada.post("/me/tokens", {"name": "pipeline", "organization_id": acme, "read_only": True}, expect=(201,))
    grace.post("/me/tokens", {"name": "grace scripts", "read_only": False, "expires_in_days": 3650}, expect=(201,))
    gone = grace.post("/me/tokens", {"name": "old laptop", "read_only": False}, expect=(201,))
    grace.call("DELETE", f"/me/tokens/{gone['token']['id']}", expect=(204,))

    # The main project: two annotation UI versions, two guideline versions.
    tickets = grace.post(
        f"/organizations/{acme}/projects",
        {
            "name": "Support tickets",
            "description": "Sentiment of **support** tickets.",
            "overlap": 2,
            "lease_seconds": 900,
        },
        expect=(201,),
    )["project"]["id"]
    grace.put(f"/projects/{tickets}/annotation-ui", {"schema": SENTIMENT_V1})
    grace.put(
        f"/projects/{tickets}/guideline",
        {"text": "# Sentiment\nLabel the tone of the whole ticket.", "annotation_ui_version": 1},
    )
    grace.put(f"/projects/{tickets}/annotation-ui", {"schema": SENTIMENT_V2})
    grace.put(
        f"/projects/{tickets}/guideline",
        {
            "text": "# Sentiment and topics\n\n- tone of the whole ticket\n- every topic it raises",
            "annotation_ui_version": 2,
        },
    )
    grace.post(f"/projects/{tickets}/items", {"items": TICKETS}, expect=(200,))
    for member in (ann, cy, bob):
        grace.post(f"/projects/{tickets}/members", {"user_id": member.user["id"]}, expect=(201,))
    items = {item["external_id"]: item["id"] for item in grace.get(f"/projects/{tickets}/items?limit=1000")["items"]}
    grace.patch(f"/items/{items['t5']}", {"metadata": {"source": "web", "reviewed_by_hand": False}})

    # Ann answers three items and skips the third; Cy answers three and keeps a lease.
    def answer_next(annotator, value, skip=False, keep=False):
        _, leased = annotator.call("POST", f"/projects/{tickets}/queue/next", {}, expect=(200,))
        item = leased["item"]["id"]
        if skip:
            annotator.call("POST", f"/items/{item}/skip", {}, expect=(204,))
        elif not keep:
            return annotator.post(f"/items/{item}/annotations", {"value": value, "time_spent_ms": 4200}, expect=(201,))[
                "annotation"
            ]["id"]
        return None

    first = answer_next(ann, {"sentiment": "negative", "topics": ["bug"]})
    answer_next(ann, {"sentiment": "positive", "topics": ["praise"], "note": "Très content ✓"})
    answer_next(ann, None, skip=True)
    answer_next(ann, {"sentiment": "negative", "topics": ["billing"]})
    ann.patch(
        f"/annotations/{first}",
        {"value": {"sentiment": "negative", "topics": ["bug", "billing"]}, "time_spent_ms": 6100},
    )
    answer_next(cy, {"sentiment": "negative"})
    answer_next(cy, {"sentiment": "positive"})
    answer_next(cy, {"sentiment": "neutral", "note": "mixed"})
    answer_next(cy, None, keep=True)

    # Bob reviews: accepts one, rejects one, skips one, holds one.
    def review_next():
        _, leased = bob.call("POST", f"/projects/{tickets}/review-queue/next", {}, expect=(200,))
        return leased["annotation"]["id"]

    bob.post(f"/annotations/{review_next()}/reviews", {"verdict": "accept"}, expect=(201,))
    bob.post(
        f"/annotations/{review_next()}/reviews",
        {"verdict": "reject", "comment": "This one is positive."},
        expect=(201,),
    )
    bob.call("POST", f"/annotations/{review_next()}/skip-review", {}, expect=(204,))
    review_next()

    # An archived project with work in it, and a project not started (no UI yet).
    pilot = grace.post(f"/organizations/{acme}/projects", {"name": "Pilot (archived)", "overlap": 1}, expect=(201,))[
        "project"
    ]["id"]
    grace.put(f"/projects/{pilot}/annotation-ui", {"schema": SENTIMENT_V1})
    grace.post(
        f"/projects/{pilot}/items",
        {
            "items": [
                {"external_id": "p1", "data": {"text": "Old ticket"}},
                {"external_id": "p2", "data": {"text": "Older ticket"}},
            ]
        },
        expect=(200,),
    )
    grace.post(f"/projects/{pilot}/members", {"user_id": ann.user["id"]}, expect=(201,))
    answer_next_pilot = ann.call("POST", f"/projects/{pilot}/queue/next", {}, expect=(200,))[1]
    ann.post(
        f"/items/{answer_next_pilot['item']['id']}/annotations", {"value": {"sentiment": "neutral"}}, expect=(201,)
    )
    grace.patch(f"/projects/{pilot}", {"archived": True})
    ada.post(f"/organizations/{acme}/projects", {"name": "Images (draft)", "lease_seconds": 60}, expect=(201,))

    # A second organization: Eve's, where Ann annotates too.
    eve = sign_up(server, "eve")
    globex = eve.post("/organizations", {"name": "Globex Labs"}, expect=(201,))["organization"]["id"]
    eve.post(f"/organizations/{globex}/members", {"email": "ann@example.com", "role": "annotator"}, expect=(201,))
    ann.post(f"/me/pending-memberships/{globex}/accept", expect=(200,))
    reviews = eve.post(f"/organizations/{globex}/projects", {"name": "Product reviews"}, expect=(201,))["project"]["id"]
    eve.put(
        f"/projects/{reviews}/annotation-ui",
        {
            "schema": {
                "fields": [{"name": "title"}, {"name": "stars", "kind": "number"}],
                "questions": [
                    {"name": "helpful", "type": "rating", "min": 1, "max": 5},
                    {"name": "summary", "type": "text"},
                ],
            }
        },
    )
    eve.post(
        f"/projects/{reviews}/items",
        {
            "items": [
                {"external_id": "r1", "data": {"title": "Solid kettle", "stars": 4}, "metadata": {"sku": "K-1"}},
                {"external_id": "r2", "data": {"title": "Broke in a week", "stars": 1}},
            ]
        },
        expect=(200,),
    )
    eve.post(f"/projects/{reviews}/members", {"user_id": ann.user["id"]}, expect=(201,))
    leased = ann.call("POST", f"/projects/{reviews}/queue/next", {}, expect=(200,))[1]
    ann.post(
        f"/items/{leased['item']['id']}/annotations", {"value": {"helpful": 4, "summary": "Useful."}}, expect=(201,)
    )

    return {
        "callers": {c.name: c for c in (ada, grace, dan, bob, ann, cy, eve)},
        "token": ada_token["secret"],
        "organizations": {"acme": acme, "globex": globex},
        "projects": {"tickets": tickets, "pilot": pilot, "reviews": reviews},
    }


def record_reads(server, world):
    """Reads what the upgrade test reads again, as the same callers, in order."""
    # Ada's API token is not used here: the test reads Ada's organization with
    # it after these reads, so its `last_used_at` is still null when they run.
    callers = world["callers"]
    acme, globex = world["organizations"]["acme"], world["organizations"]["globex"]
    reads = []

    def read(who, path):
        status, body = callers[who].call("GET", path)
        if isinstance(body, dict) and (body.get("pagination") or {}).get("next_cursor"):
            fail(f"{path} has more than one page: record every row")
        if "format=jsonl" in path:
            # One JSON value per line: kept as the list of lines' values.
            reads.append({"as": who, "path": path, "status": status, "jsonl": body})
        else:
            reads.append({"as": who, "path": path, "status": status, "body": body})
        return body

    read("ada", "/me/tokens?limit=1000")
    read("grace", "/me/tokens?limit=1000")
    for who in ("ada", "grace", "dan", "bob", "ann", "cy", "eve"):
        read(who, "/me")
        read(who, "/me/organizations?limit=1000")
    read("dan", "/me/pending-memberships?limit=1000")
    for who, org in (("ada", acme), ("eve", globex)):
        read(who, f"/organizations/{org}")
        read(who, f"/organizations/{org}/members?limit=1000")
        read(who, f"/organizations/{org}/invitations?limit=1000")
        read(who, f"/organizations/{org}/audit-log?limit=1000")
        read(who, f"/organizations/{org}/projects?include_archived=true&limit=1000")

    for project, who in (("tickets", "grace"), ("pilot", "grace"), ("reviews", "eve")):
        pid = world["projects"][project]
        read(who, f"/projects/{pid}")
        read(who, f"/projects/{pid}/members?limit=1000")
        read(who, f"/projects/{pid}/stats")
        read(who, f"/projects/{pid}/annotation-ui")
        ui = read(who, f"/projects/{pid}/annotation-ui/versions?limit=1000")
        for version in ui["annotation_uis"]:
            read(who, f"/projects/{pid}/annotation-ui/versions/{version['version']}")
        guidelines = read(who, f"/projects/{pid}/guideline/versions?limit=1000")
        if guidelines["guidelines"]:
            read(who, f"/projects/{pid}/guideline")
        for version in guidelines["guidelines"]:
            read(who, f"/projects/{pid}/guideline/versions/{version['version']}")
        for item in read(who, f"/projects/{pid}/items?limit=1000")["items"]:
            read(who, f"/items/{item['id']}")
            for annotation in read(who, f"/items/{item['id']}/annotations?limit=1000")["annotations"]:
                read(who, f"/annotations/{annotation['id']}")
                read(who, f"/annotations/{annotation['id']}/reviews?limit=1000")
        read(who, f"/projects/{pid}/export?format=jsonl")
        read(who, f"/projects/{pid}/export?format=json")
    tickets = world["projects"]["tickets"]
    for who in ("ann", "cy"):
        read(who, f"/projects/{tickets}/queue/progress")
        read(who, f"/projects/{tickets}/my-annotations?limit=1000")
    read("bob", f"/projects/{tickets}/review-queue/progress")
    return reads


def fail_a_login(server):
    """One failed login, for `login_failures` (last: a success would clear it)."""
    caller = Caller(server, "mallory")
    caller.post("/auth/login", {"email": "mallory@example.com", "password": "not the password"}, expect=(401,))


def run_on(binary, backend, database_url, folder, counts, dump):
    server = Server(binary, database_url, str(folder / f"{backend}.log"))
    try:
        world = populate(server)
        reads = record_reads(server, world)
        fail_a_login(server)
    except BaseException:
        sys.stderr.write(server.log())
        raise
    finally:
        server.stop()
    row_counts = counts()
    empty = sorted(table for table, count in row_counts.items() if count == 0)
    if empty:
        fail(f"{backend}: tables without a row: {', '.join(empty)}; make rows in them")
    return {
        "backend": backend,
        "password": PASSWORD,
        "users": {name: f"{name}@example.com" for name in world["callers"]},
        # Ada's read-only token bound to her organization, never used yet.
        "token": {"user": "ada", "organization_id": world["organizations"]["acme"], "secret": world["token"]},
        "row_counts": row_counts,
        "reads": reads,
    }, dump()


def sqlite_fixture(binary, work):
    path = work / "labelwell.db"

    def tables(connection):
        return [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]

    def counts():
        with sqlite3.connect(path) as connection:
            return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables(connection)}

    def dump():
        with sqlite3.connect(path) as connection:
            return "PRAGMA foreign_keys=OFF;\n" + "\n".join(connection.iterdump()) + "\n"

    return run_on(binary, "sqlite", f"sqlite://{path}", work, counts, dump)


def postgres_fixture(binary, work, admin_url):
    name = f"labelwell_fixture_{uuid.uuid4().hex}"
    server_url = admin_url.rsplit("/", 1)[0]
    database_url = f"{server_url}/{name}"

    def psql(url, sql):
        return subprocess.run(
            ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def counts():
        tables = psql(
            database_url,
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
        ).split()
        return {t: int(psql(database_url, f'SELECT COUNT(*) FROM "{t}"')) for t in tables}

    def dump():
        text = subprocess.run(
            ["pg_dump", "--inserts", "--no-owner", "--no-privileges", "-d", database_url],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return "".join(
            line for line in text.splitlines(keepends=True) if not line.startswith(("\\restrict", "\\unrestrict"))
        )

    psql(admin_url, f"CREATE DATABASE {name}")
    try:
        return run_on(binary, "postgres", database_url, work, counts, dump)
    finally:
        psql(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main():
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=f"{target}/release/labelwell", help="the release binary")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("LABELWELL_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server's URL, whose user may create databases",
    )
    parser.add_argument("--out", help="the folder (default: server/tests/fixtures/upgrade/NNNN)")
    args = parser.parse_args()

    version = last_migration()
    out = Path(args.out) if args.out else ROOT / "server" / "tests" / "fixtures" / "upgrade" / f"{version:04}"
    if not Path(args.binary).is_file():
        fail(f"no binary at {args.binary}: cargo build --release -p labelwell-server")
    out.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as work:
        for backend in ("sqlite", "postgres"):
            folder = Path(work) / backend
            folder.mkdir()
            if backend == "sqlite":
                expected, dump = sqlite_fixture(args.binary, folder)
            else:
                expected, dump = postgres_fixture(args.binary, folder, args.postgres_url)
            migrations = expected["row_counts"].get("_sqlx_migrations")
            expected = {"made_at_migration": version, "made_at_commit": commit, **expected}
            (out / f"{backend}.sql").write_text(dump)
            (out / f"{backend}.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n")
            print(
                f"{backend}: {len(expected['row_counts'])} tables ({migrations} migrations applied), "
                f"{len(expected['reads'])} reads -> {out}"
            )


if __name__ == "__main__":
    main()
