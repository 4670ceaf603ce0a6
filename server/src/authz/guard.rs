//! The guard every route passes before its handler runs.
//!
//! Each route is registered with its [`Access`]; the guard authenticates the
//! caller, resolves the organization the path names, reads the caller's
//! membership from the database, asks the policy, and on success puts a
//! [`Permit`] (or [`AccountPermit`]) into the request for the handler.
//! Statuses: no credentials 401; not a member, or outside the caller's scope,
//! 404 (existence is not revealed); a member who may see the resource but not
//! do this 403.

use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::caller::{Caller, authenticate, authenticate_token_for_project, bearer_secret};
use super::permissions::{Action, Permission, Resource, Scope, Subject};
use super::permit::{AccountPermit, Permit};
use crate::db::Id;
use crate::error::{Error, Result};
use crate::repositories;
use crate::repositories::projects::{ProjectAccess, ProjectKey};
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
            let target = resolve_path(parts, state).await;
            // A token on a project route: one query authenticates and reads the project.
            let (caller, preloaded) = match (bearer_secret(parts)?, &target) {
                (
                    Some(secret),
                    Ok(PathTarget {
                        key: PathKey::Project(key),
                        ..
                    }),
                ) => {
                    let (caller, access) =
                        authenticate_token_for_project(state, secret, *key).await?;
                    (caller, Some(access))
                }
                _ => (authenticate(state, parts).await?, None),
            };
            let permit = permit_in_organization(
                state,
                caller,
                target?,
                preloaded,
                permission,
                &parts.method,
            )
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
    target: PathTarget,
    preloaded: Option<Option<ProjectAccess>>,
    permission: Permission,
    method: &axum::http::Method,
) -> Result<Permit> {
    let not_found = Error::NotFound(target.noun);
    let (organization_id, role, project) = match target.key {
        PathKey::Organization(organization_id) => {
            let role = repositories::members::find_role(&state.db, organization_id, caller.user_id)
                .await?;
            (organization_id, role, None)
        }
        PathKey::Project(key) => {
            let access = match preloaded {
                Some(access) => access,
                None => {
                    repositories::projects::find_project_access(&state.db, key, caller.user_id)
                        .await?
                }
            };
            let access = access
                .filter(|access| target.project_id.is_none_or(|id| id == access.project.id))
                .ok_or(Error::NotFound(target.noun))?;
            let role = access.role.map(|role| role.0);
            (
                access.project.organization_id,
                role,
                Some((access.project, access.assigned)),
            )
        }
    };
    if !caller.reaches_organization(organization_id) {
        return Err(not_found);
    }
    let role = role.ok_or(not_found)?;
    let subject = Subject::Role(role);
    // Whatever the action, a project's resources exist for the caller only if
    // the caller may see the project: reviewers and annotators only the
    // projects they are assigned to.
    if let Some((project, assigned)) = &project {
        let visible = match state
            .policy
            .scope(subject, Permission::new(Resource::Project, Action::Read))
        {
            Some(Scope::Any) => true,
            Some(Scope::Assigned) => *assigned,
            Some(Scope::Own) => project.created_by == Some(caller.user_id),
            None => false,
        };
        if !visible {
            return Err(Error::NotFound(target.noun));
        }
    }
    let Some(scope) = state.policy.scope(subject, permission) else {
        // The caller sees the organization (or project) here, so the refusal is no secret.
        let sees_organization = state.policy.scope(
            subject,
            Permission::new(Resource::Organization, Action::Read),
        );
        return Err(match sees_organization {
            Some(_) => Error::forbidden(
                "permission_denied",
                format!("a {role} may not {}", describe(permission)),
            ),
            None => Error::NotFound(target.noun),
        });
    };
    if !caller.may_use_method(method) {
        return Err(read_only_token());
    }
    let project = project.map(|(project, _)| project);
    Ok(Permit::new(
        caller,
        organization_id,
        role,
        scope,
        project,
        state.policy.clone(),
    ))
}

/// What a path names at its top: an organization, or a project (directly or
/// through an item or annotation).
enum PathKey {
    Organization(Id),
    Project(ProjectKey),
}

/// The resolved top of a path.
struct PathTarget {
    key: PathKey,
    /// What the path names, for its 404.
    noun: &'static str,
    /// The `{project_id}` of a path that names its project through an item
    /// too (`/projects/{project_id}/queue/leases/{item_id}`): the item must be
    /// that project's.
    project_id: Option<Id>,
}

/// Reads the top-level id of the path: `{annotation_id}`, `{item_id}`,
/// `{project_id}` or `{org_id}`.
async fn resolve_path(parts: &mut Parts, state: &AppState) -> Result<PathTarget> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|rejection| match rejection {
            // Not UTF-8, so not a UUID either: the path names nothing.
            RawPathParamsRejection::InvalidUtf8InPathParam(_) => Error::NotFound("resource"),
            other => Error::Internal(anyhow::anyhow!("path parameters: {other}")),
        })?;
    let param = |name: &str| {
        params
            .iter()
            .find_map(|(key, value)| (key == name).then(|| value.to_owned()))
    };
    let (key, noun) = if let Some(raw) = param("annotation_id") {
        (
            PathKey::Project(ProjectKey::Annotation(parse_id(&raw, "annotation")?)),
            "annotation",
        )
    } else if let Some(raw) = param("item_id") {
        let item = PathKey::Project(ProjectKey::Item(parse_id(&raw, "item")?));
        let project_id = param("project_id")
            .map(|raw| parse_id(&raw, "project"))
            .transpose()?;
        return Ok(PathTarget {
            key: item,
            noun: "item",
            project_id,
        });
    } else if let Some(raw) = param("project_id") {
        (
            PathKey::Project(ProjectKey::Project(parse_id(&raw, "project")?)),
            "project",
        )
    } else if let Some(raw) = param("org_id") {
        (
            PathKey::Organization(parse_id(&raw, "organization")?),
            "organization",
        )
    } else {
        return Err(Error::Internal(anyhow::anyhow!(
            "{} names no organization",
            parts.uri.path()
        )));
    };
    Ok(PathTarget {
        key,
        noun,
        project_id: None,
    })
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
