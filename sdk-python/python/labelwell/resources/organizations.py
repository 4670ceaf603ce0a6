"""Organizations, their members and invitations, and the audit log."""

from __future__ import annotations

from typing import Union

from .._base import Id, Resource, operation, segment
from .._native import (
    AcceptedInvitation,
    AuditEntry,
    AuditLog,
    CreatedInvitation,
    Invitation,
    InvitationList,
    Member,
    MemberList,
    MemberResponse,
    Organization,
    OrganizationList,
    OrganizationResponse,
    Role,
)
from .._pagination import Pager

#: A role, as a `Role` or its name (`"annotator"`).
RoleLike = Union[Role, str]


class Organizations(Resource):
    """Organizations (the tenants): `client.organizations`."""

    @operation("list_my_organizations")
    def list(self, *, page_size: int | None = None) -> Pager[Organization]:
        """The organizations the caller belongs to, with the caller's role in each."""
        return Pager(
            self._client, "/me/organizations", page_type=OrganizationList, key="organizations", page_size=page_size
        )

    @operation("create_organization")
    def create(self, name: str) -> Organization:
        """Creates an organization; the caller becomes its owner."""
        answer: OrganizationResponse = self._client._request(
            "POST",
            "/organizations",
            json={"name": name},
            body_type="CreateOrganizationRequest",
            decode=OrganizationResponse,
        )
        return answer.organization

    @operation("get_organization")
    def get(self, org_id: Id) -> Organization:
        """One organization."""
        answer: OrganizationResponse = self._client._request(
            "GET", f"/organizations/{segment(org_id)}", decode=OrganizationResponse
        )
        return answer.organization

    @operation("update_organization")
    def update(self, org_id: Id, *, name: str) -> Organization:
        """Renames an organization."""
        answer: OrganizationResponse = self._client._request(
            "PATCH",
            f"/organizations/{segment(org_id)}",
            json={"name": name},
            body_type="UpdateOrganizationRequest",
            decode=OrganizationResponse,
        )
        return answer.organization

    @operation("delete_organization")
    def delete(self, org_id: Id) -> None:
        """Deletes an organization and everything in it (owners only)."""
        self._client._request("DELETE", f"/organizations/{segment(org_id)}")

    @operation("list_audit_log")
    def audit_log(self, org_id: Id, *, page_size: int | None = None) -> Pager[AuditEntry]:
        """Who did what in the organization, newest first."""
        return Pager(
            self._client,
            f"/organizations/{segment(org_id)}/audit-log",
            page_type=AuditLog,
            key="entries",
            page_size=page_size,
        )


class Members(Resource):
    """Members of an organization and their roles: `client.members`."""

    @operation("list_members")
    def list(self, org_id: Id, *, page_size: int | None = None) -> Pager[Member]:
        """The members the caller may see, in the order they joined."""
        return Pager(
            self._client,
            f"/organizations/{segment(org_id)}/members",
            page_type=MemberList,
            key="members",
            page_size=page_size,
        )

    @operation("add_member")
    def add(self, org_id: Id, *, email: str, role: RoleLike) -> Member:
        """Adds an existing account, by email, with a role the caller may grant."""
        answer: MemberResponse = self._client._request(
            "POST",
            f"/organizations/{segment(org_id)}/members",
            json={"email": email, "role": role},
            body_type="AddMemberRequest",
            decode=MemberResponse,
        )
        return answer.member

    @operation("update_member")
    def update(self, org_id: Id, user_id: Id, *, role: RoleLike) -> Member:
        """Changes a member's role."""
        answer: MemberResponse = self._client._request(
            "PATCH",
            f"/organizations/{segment(org_id)}/members/{segment(user_id)}",
            json={"role": role},
            body_type="UpdateMemberRequest",
            decode=MemberResponse,
        )
        return answer.member

    @operation("remove_member")
    def remove(self, org_id: Id, user_id: Id) -> None:
        """Removes a member from the organization."""
        self._client._request("DELETE", f"/organizations/{segment(org_id)}/members/{segment(user_id)}")


class Invitations(Resource):
    """Invitations to join an organization: `client.invitations`."""

    @operation("list_invitations")
    def list(self, org_id: Id, *, page_size: int | None = None) -> Pager[Invitation]:
        """The organization's invitations, newest first."""
        return Pager(
            self._client,
            f"/organizations/{segment(org_id)}/invitations",
            page_type=InvitationList,
            key="invitations",
            page_size=page_size,
        )

    @operation("create_invitation")
    def create(
        self, org_id: Id, *, email: str, role: RoleLike, expires_in_days: int | None = None
    ) -> CreatedInvitation:
        """Invites an email with a role; the answer's `token` goes to the invitee."""
        created: CreatedInvitation = self._client._request(
            "POST",
            f"/organizations/{segment(org_id)}/invitations",
            json={"email": email, "role": role, "expires_in_days": expires_in_days},
            body_type="CreateInvitationRequest",
            decode=CreatedInvitation,
        )
        return created

    @operation("revoke_invitation")
    def revoke(self, org_id: Id, invitation_id: Id) -> None:
        """Revokes a pending invitation."""
        self._client._request("DELETE", f"/organizations/{segment(org_id)}/invitations/{segment(invitation_id)}")

    @operation("accept_invitation")
    def accept(self, token: str) -> Organization:
        """Accepts an invitation: the caller joins its organization with its role."""
        answer: AcceptedInvitation = self._client._request(
            "POST",
            "/invitations/accept",
            json={"token": token},
            body_type="AcceptInvitationRequest",
            decode=AcceptedInvitation,
        )
        return answer.organization
