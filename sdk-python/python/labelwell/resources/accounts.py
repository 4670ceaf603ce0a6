"""The caller's own account (`client.me`) and API tokens (`client.tokens`)."""

from __future__ import annotations

from .._base import Id, Resource, operation, segment
from .._native import ApiToken, CreatedToken, CreateTokenRequest, MeResponse, TokenList, User
from .._pagination import Pager
from .._transport import request_body


class Me(Resource):
    """The caller: `client.me.get()`."""

    @operation("get_me")
    def get(self) -> User:
        """The user the token or session belongs to."""
        return self._transport.request("GET", "/me", decode=MeResponse).user


class Tokens(Resource):
    """The caller's API tokens: `client.tokens`."""

    @operation("list_tokens")
    def list(self, *, page_size: int | None = None) -> Pager[ApiToken]:
        """The caller's tokens that are not revoked, oldest first.

        With a token bound to an organization, only the tokens bound to it.
        """
        return Pager(self._transport, "/me/tokens", page_type=TokenList, key="tokens", page_size=page_size)

    @operation("create_token")
    def create(
        self,
        name: str,
        *,
        organization_id: Id | None = None,
        read_only: bool = False,
        expires_in_days: int | None = None,
    ) -> CreatedToken:
        """Creates a token; its `secret` is in the answer, and only there.

        `organization_id` binds it to one organization, `read_only` limits it
        to reading, `expires_in_days` (1 to 3650) makes it expire. Made with a
        token that expires, it expires no later than that token (with it, when
        `expires_in_days` is not given).
        """
        body = request_body(
            CreateTokenRequest,
            name=name,
            organization_id=organization_id,
            read_only=read_only,
            expires_in_days=expires_in_days,
        )
        return self._transport.request("POST", "/me/tokens", body=body, decode=CreatedToken)

    @operation("revoke_token")
    def revoke(self, token_id: Id) -> None:
        """Revokes a token: it stops working at once."""
        self._transport.request("DELETE", f"/me/tokens/{segment(token_id)}")
