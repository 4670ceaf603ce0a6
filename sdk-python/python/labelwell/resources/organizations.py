"""Organizations, their members (pending ones too) and invitations, and the audit log."""

from __future__ import annotations

from typing import Union

from .._base import Id, Resource, operation, segment
from .._native import (
    AcceptedInvitation,
    AcceptInvitationRequest,
    AddMemberRequest,
    AuditEntry,
    AuditLog,
    CreatedInvitation,
    CreateInvitationRequest,
    CreateOrganizationRequest,
    Invitation,
    InvitationList,
    Member,
    MemberList,
    MemberResponse,
    Organization,
    OrganizationList,
    OrganizationResponse,
    PendingMembership,
    PendingMembershipList,
    Role,
    UpdateMemberRequest,
    UpdateOrganizationRequest,
)
from .._pagination import Pager
from .._transport import request_body

#: A role, as a `Role` or its name (`"annotator"`).
RoleLike = Union[Role, str]


class Organizations(Resource):
    """Organizations (the tenants): `client.organizations`."""

    @operation("list_my_organizations")
    def list(self, *, page_size: int | None = None) -> Pager[Organization]:
        """The organizations the caller belongs to, with the caller's role in each."""
        return Pager(
            self._transport, "/me/organizations", page_type=OrganizationList, key="organizations", page_size=page_size
        )

    @operation("create_organization")
    def create(self, name: str) -> Organization:
        """Creates an organization; the caller becomes its owner."""
        body = request_body(CreateOrganizationRequest, name=name)
        return self._transport.request("POST", "/organizations", body=body, decode=OrganizationResponse).organization

    @operation("get_organization")
    def get(self, org_id: Id) -> Organization:
        """One organization."""
        path = f"/organizations/{segment(org_id)}"
        return self._transport.request("GET", path, decode=OrganizationResponse).organization

    @operation("update_organization")
    def update(self, org_id: Id, *, name: str) -> Organization:
        """Renames an organization."""
        body = request_body(UpdateOrganizationRequest, name=name)
        path = f"/organizations/{segment(org_id)}"
        return self._transport.request("PATCH", path, body=body, decode=OrganizationResponse).organization

    @operation("delete_organization")
    def delete(self, org_id: Id) -> None:
        """Deletes an organization and everything in it (owners only)."""
        self._transport.request("DELETE", f"/organizations/{segment(org_id)}")

    @operation("list_audit_log")
    def audit_log(
        self,
        org_id: Id,
        *,
        action: str | None = None,
        actor_id: Id | None = None,
        page_size: int | None = None,
    ) -> Pager[AuditEntry]:
        """Who did what in the organization, newest first; only the entries of
        one `action` (`"member.role_changed"`) or one actor, when given."""
        return Pager(
            self._transport,
            f"/organizations/{segment(org_id)}/audit-log",
            page_type=AuditLog,
            key="entries",
            query={"action": action, "actor_id": None if actor_id is None else str(actor_id)},
            page_size=page_size,
        )


class Members(Resource):
    """Members of an organization and their roles: `client.members`."""

    @operation("list_members")
    def list(self, org_id: Id, *, page_size: int | None = None) -> Pager[Member]:
        """The members the caller may see, in the order they joined."""
        return Pager(
            self._transport,
            f"/organizations/{segment(org_id)}/members",
            page_type=MemberList,
            key="members",
            page_size=page_size,
        )

    @operation("add_member")
    def add(self, org_id: Id, *, email: str, role: RoleLike) -> Member:
        """Adds an existing account, by email, with a role the caller may grant.

        The member is `MemberStatus.PENDING`, with no access at all, until the
        account accepts (`client.pending_memberships.accept(organization_id)`).
        """
        body = request_body(AddMemberRequest, email=email, role=role)
        path = f"/organizations/{segment(org_id)}/members"
        return self._transport.request("POST", path, body=body, decode=MemberResponse).member

    @operation("update_member")
    def update(self, org_id: Id, user_id: Id, *, role: RoleLike) -> Member:
        """Changes a member's role."""
        body = request_body(UpdateMemberRequest, role=role)
        path = f"/organizations/{segment(org_id)}/members/{segment(user_id)}"
        return self._transport.request("PATCH", path, body=body, decode=MemberResponse).member

    @operation("remove_member")
    def remove(self, org_id: Id, user_id: Id) -> None:
        """Removes a member from the organization (cancels a pending membership)."""
        self._transport.request("DELETE", f"/organizations/{segment(org_id)}/members/{segment(user_id)}")


class PendingMemberships(Resource):
    """The memberships the caller was added to and has yet to accept: `client.pending_memberships`."""

    @operation("list_my_pending_memberships")
    def list(self, *, page_size: int | None = None) -> Pager[PendingMembership]:
        """The caller's pending memberships: organization, role, who added the caller and when."""
        return Pager(
            self._transport,
            "/me/pending-memberships",
            page_type=PendingMembershipList,
            key="pending_memberships",
            page_size=page_size,
        )

    @operation("accept_pending_membership")
    def accept(self, organization_id: Id) -> Organization:
        """Accepts the membership: the caller becomes a member with its role.

        Raises `GoneError` (`membership_withdrawn`) when whoever added the
        caller can no longer add members with that role.
        """
        path = f"/me/pending-memberships/{segment(organization_id)}/accept"
        return self._transport.request("POST", path, decode=OrganizationResponse).organization

    @operation("decline_pending_membership")
    def decline(self, organization_id: Id) -> None:
        """Declines the membership: it is deleted."""
        self._transport.request("POST", f"/me/pending-memberships/{segment(organization_id)}/decline")


class Invitations(Resource):
    """Invitations to join an organization: `client.invitations`."""

    @operation("list_invitations")
    def list(self, org_id: Id, *, page_size: int | None = None) -> Pager[Invitation]:
        """The organization's invitations, newest first."""
        return Pager(
            self._transport,
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
        body = request_body(CreateInvitationRequest, email=email, role=role, expires_in_days=expires_in_days)
        path = f"/organizations/{segment(org_id)}/invitations"
        return self._transport.request("POST", path, body=body, decode=CreatedInvitation)

    @operation("revoke_invitation")
    def revoke(self, org_id: Id, invitation_id: Id) -> None:
        """Revokes a pending invitation."""
        path = f"/organizations/{segment(org_id)}/invitations/{segment(invitation_id)}"
        self._transport.request("DELETE", path)

    @operation("accept_invitation")
    def accept(self, token: str) -> Organization:
        """Accepts an invitation: the caller joins its organization with its role."""
        body = request_body(AcceptInvitationRequest, token=token)
        return self._transport.request("POST", "/invitations/accept", body=body, decode=AcceptedInvitation).organization
