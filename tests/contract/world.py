"""A seeded world for the contract's checks, made over HTTP with the standard
library only: an organization with a member of each role, an API token each,
a project with an annotation UI, a guideline, items, annotations and a review,
and an outsider (the owner of another organization)."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

PASSWORD = "correct horse battery staple"
ROLES = ("owner", "admin", "manager", "reviewer", "annotator", "viewer")

ANNOTATION_UI = {
    "fields": [{"name": "text"}],
    "questions": [
        {"name": "sentiment", "type": "single_label", "labels": ["positive", "negative", "neutral"]},
        {"name": "topics", "type": "multi_label", "labels": ["billing", "bug"], "required": False},
        {"name": "quality", "type": "rating", "min": 1, "max": 5, "required": False},
        {"name": "note", "type": "text", "max_length": 50, "required": False},
        {"name": "entities", "type": "spans", "field": "text", "labels": ["ORG"], "required": False},
    ],
}


class Session:
    """One account signed in by cookie, calling the API as a browser would."""

    def __init__(self, api: str) -> None:
        self.api = api
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""
        self.user_id = ""

    def call(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.api}{path}", data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.csrf:
            request.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(request, timeout=30) as answer:
                status, text = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        if status != expect:
            raise RuntimeError(f"{method} {path}: expected {expect}, got {status}: {text[:500]!r}")
        return json.loads(text) if text else None

    def sign_up(self, name: str, invitation: str | None = None) -> Session:
        body: dict[str, Any] = {"email": f"{name}@example.com", "password": PASSWORD, "name": name}
        if invitation is not None:
            body["invitation_token"] = invitation
        signed_up = self.call("POST", "/auth/signup", body, expect=201)
        self.csrf = signed_up["csrf_token"]
        self.user_id = signed_up["user"]["id"]
        return self

    def token(self, organization_id: str | None = None) -> str:
        body: dict[str, Any] = {"name": "schemathesis"}
        if organization_id is not None:
            body["organization_id"] = organization_id
        secret: str = self.call("POST", "/me/tokens", body, expect=201)["secret"]
        return secret


@dataclass
class World:
    """The ids and tokens the contract's checks run with."""

    api: str
    owner: Session
    org_id: str = ""
    project_id: str = ""
    item_id: str = ""
    annotation_id: str = ""
    members: dict[str, Session] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def invite(self, name: str, role: str) -> Session:
        invitation = self.owner.call(
            "POST",
            f"/organizations/{self.org_id}/invitations",
            {"email": f"{name}@example.com", "role": role},
            expect=201,
        )
        return Session(self.api).sign_up(name, invitation["token"])

    def assign(self, project_id: str, member: Session) -> None:
        self.owner.call("POST", f"/projects/{project_id}/members", {"user_id": member.user_id}, expect=201)

    def project(self, name: str, texts: list[str]) -> tuple[str, list[str]]:
        """A project with the annotation UI, a guideline and items; its id and its items' ids."""
        project_id = self.owner.call(
            "POST", f"/organizations/{self.org_id}/projects", {"name": name, "overlap": 2}, expect=201
        )["project"]["id"]
        self.owner.call("PUT", f"/projects/{project_id}/annotation-ui", {"schema": ANNOTATION_UI})
        self.owner.call(
            "PUT", f"/projects/{project_id}/guideline", {"text": "# Tone\nLabel the tone.", "annotation_ui_version": 1}
        )
        items = [{"external_id": f"t{n}", "data": {"text": text}} for n, text in enumerate(texts)]
        self.owner.call("POST", f"/projects/{project_id}/items", {"items": items})
        listed = self.owner.call("GET", f"/projects/{project_id}/items?limit=1000")["items"]
        return project_id, [item["id"] for item in listed]

    def annotate(self, member: Session, item_id: str) -> str:
        created = member.call(
            "POST",
            f"/items/{item_id}/annotations",
            {"value": {"sentiment": "negative", "topics": ["bug"]}, "time_spent_ms": 4000},
            expect=201,
        )
        annotation_id: str = created["annotation"]["id"]
        return annotation_id


def seed(base_url: str) -> World:
    """Builds the world on a fresh server."""
    api = f"{base_url}/api/v1"
    owner = Session(api).sign_up("owner")
    world = World(api=api, owner=owner)
    world.org_id = owner.call("POST", "/organizations", {"name": "Acme Research"}, expect=201)["organization"]["id"]
    world.members["owner"] = owner
    for role in ROLES[1:]:
        world.members[role] = world.invite(role, role)
    world.project_id, items = world.project("Support tickets", ["Acme crashes on start.", "Thanks!", "Slow", "Fine"])
    world.item_id = items[0]
    for role in ("reviewer", "annotator"):
        world.assign(world.project_id, world.members[role])
    world.annotation_id = world.annotate(world.members["annotator"], items[0])
    reviewed = world.annotate(world.members["manager"], items[1])
    world.members["reviewer"].call("POST", f"/annotations/{reviewed}/reviews", {"verdict": "accept"}, expect=201)
    for role, member in world.members.items():
        world.tokens[role] = member.token()
    outsider = Session(api).sign_up("outsider")
    outsider.call("POST", "/organizations", {"name": "Elsewhere"}, expect=201)
    world.tokens["outsider"] = outsider.token()
    return world


def sacrificial(world: World) -> dict[str, str]:
    """Fresh resources for the operations that destroy or disable what they name
    (deleting the organization or the project, removing a member, archiving),
    so that one role's run leaves the shared world usable for the next."""
    tag = uuid.uuid4().hex[:8]
    org_id = world.owner.call("POST", "/organizations", {"name": f"Doomed {tag}"}, expect=201)["organization"]["id"]
    project_id, items = world.project(f"Doomed {tag}", ["one", "two"])
    pawn = world.invite(f"pawn-{tag}", "annotator")
    world.assign(world.project_id, pawn)
    world.assign(project_id, pawn)
    annotation_id = world.annotate(pawn, items[0])
    invitation = world.owner.call(
        "POST",
        f"/organizations/{world.org_id}/invitations",
        {"email": f"invitee-{tag}@example.com", "role": "viewer"},
        expect=201,
    )
    return {
        "LW_DOOMED_ORG_ID": org_id,
        "LW_DOOMED_PROJECT_ID": project_id,
        "LW_DOOMED_ITEM_ID": items[1],
        "LW_DOOMED_ANNOTATION_ID": annotation_id,
        "LW_PAWN_USER_ID": pawn.user_id,
        "LW_INVITATION_ID": invitation["invitation"]["id"],
    }
