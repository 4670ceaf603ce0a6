//! The guard every route passes before its handler runs.
//!
//! Each route is registered with its [`Access`]; the guard authenticates the
//! caller, resolves the organization the path names, reads the caller's
//! membership from the database, asks the policy, and on success puts a
//! [`Permit`] (or [`AccountPermit`]) into the request for the handler.
//! Statuses: no credentials 401; not a member, or outside the caller's scope,
//! 404 (existence is not revealed); a member who may see the resource but not
//! do this 403.

use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::caller::{Caller, authenticate};
use super::permissions::{Action, Permission, Resource, Subject};
use super::permit::{AccountPermit, Permit};
use crate::db::Id;
use crate::error::{Error, Result};
use crate::repositories;
use crate::state::AppState;

/// What a route requires of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (signup, login, logout).
    Public,
    /// A signed-in account; the permission is checked for the `account` subject.
    Account(Permission),
    /// A member of the organization the path names, whose role holds the permission.
    Organization(Permission),
}

impl Access {
    /// The access of a route in the OpenAPI document's `x-permission`:
    /// `public`, `account:api_token:create`, `organization:member:add`.
    pub fn describe(self) -> String {
        match self {
            Access::Public => "public".to_owned(),
            Access::Account(permission) => format!("account:{permission}"),
            Access::Organization(permission) => format!("organization:{permission}"),
        }
    }
}

/// The middleware of a route registered with `access`. The application state
/// comes from the request's extensions, so routes can be declared (and the
/// OpenAPI document generated) without a database.
pub async fn authorize(access: Access, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let Some(state) = parts.extensions.get::<AppState>().cloned() else {
        return Error::Internal(anyhow::anyhow!(
            "the application state is not in the request"
        ))
        .into_response();
    };
    match check(&state, access, &mut parts).await {
        Ok(()) => next.run(Request::from_parts(parts, body)).await,
        Err(error) => error.into_response(),
    }
}

async fn check(state: &AppState, access: Access, parts: &mut Parts) -> Result<()> {
    match access {
        Access::Public => Ok(()),
        Access::Account(permission) => {
            let caller = authenticate(state, parts).await?;
            let permit = permit_account(state, caller, permission, &parts.method)?;
            parts.extensions.insert(permit);
            Ok(())
        }
        Access::Organization(permission) => {
            let caller = authenticate(state, parts).await?;
            let organization_id = organization_in_path(parts, state).await?;
            let permit =
                permit_in_organization(state, caller, organization_id, permission, &parts.method)
                    .await?;
            parts.extensions.insert(permit);
            Ok(())
        }
    }
}

fn permit_account(
    state: &AppState,
    caller: Caller,
    permission: Permission,
    method: &axum::http::Method,
) -> Result<AccountPermit> {
    if !caller.may_use_method(method) {
        return Err(read_only_token());
    }
    // Acting outside any organization (creating organizations or tokens, joining)
    // would let an organization-bound token escape its organization.
    if !crate::authz::caller::is_safe(method) && caller.bound_organization().is_some() {
        return Err(Error::forbidden(
            "token_bound_to_organization",
            "a token bound to one organization cannot act outside it",
        ));
    }
    state
        .policy
        .scope(Subject::Account, permission)
        .ok_or_else(|| {
            Error::forbidden("permission_denied", format!("no account may {permission}"))
        })?;
    Ok(AccountPermit::new(caller))
}

async fn permit_in_organization(
    state: &AppState,
    caller: Caller,
    organization_id: Id,
    permission: Permission,
    method: &axum::http::Method,
) -> Result<Permit> {
    let not_found = Error::NotFound("organization");
    if !caller.reaches_organization(organization_id) {
        return Err(not_found);
    }
    let role = repositories::members::find_role(&state.db, organization_id, caller.user_id)
        .await?
        .ok_or(not_found)?;
    let subject = Subject::Role(role);
    let Some(scope) = state.policy.scope(subject, permission) else {
        // Every member may see their organization, so the refusal is not a secret.
        let visible = state.policy.scope(
            subject,
            Permission::new(Resource::Organization, Action::Read),
        );
        return Err(match visible {
            Some(_) => Error::forbidden(
                "permission_denied",
                format!("a {role} may not {}", describe(permission)),
            ),
            None => Error::NotFound("organization"),
        });
    };
    if !caller.may_use_method(method) {
        return Err(read_only_token());
    }
    Ok(Permit::new(
        caller,
        organization_id,
        role,
        scope,
        state.policy.clone(),
    ))
}

/// The organization the path names, directly by `{org_id}`.
async fn organization_in_path(parts: &mut Parts, state: &AppState) -> Result<Id> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("path parameters: {e}")))?;
    let raw = params
        .iter()
        .find_map(|(name, value)| (name == "org_id").then_some(value))
        .ok_or_else(|| {
            Error::Internal(anyhow::anyhow!(
                "{} names no organization",
                parts.uri.path()
            ))
        })?;
    parse_id(raw, "organization")
}

/// An id from the path; one that is not a UUID names nothing, so it is a 404.
pub fn parse_id(raw: &str, resource: &'static str) -> Result<Id> {
    Uuid::parse_str(raw)
        .map(Id)
        .map_err(|_| Error::NotFound(resource))
}

fn read_only_token() -> Error {
    Error::forbidden("token_read_only", "this API token is read-only")
}

fn describe(permission: Permission) -> String {
    format!(
        "{} {}",
        permission.action.as_str().replace('_', " "),
        permission.resource.as_str().replace('_', " ")
    )
}
