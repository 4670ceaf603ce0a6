//! Minting permits: each permit is an axum extractor, the first argument of
//! its handler, that runs the policy before anything else of the request is
//! read.
//!
//! It authenticates the caller, resolves the organization or project the path
//! names, reads the caller's membership from the database ([`access`](super::access)),
//! asks the policy for the permit's permission, and on success hands the
//! handler its permit. Statuses: no credentials 401; not a member, or outside
//! the caller's scope, 404 (existence is not revealed); a member who may see
//! the resource but not do this 403.

use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use labelwell_transport::Role;
use uuid::Uuid;

use super::access::{self, ProjectKey};
use super::caller::{Caller, authenticate, is_safe};
use super::permissions::{
    Action, InOrganization, InProject, OnAccount, Permission, Resource, Scope, Subject,
};
use super::permit::{AccountPermit, Membership, OrgPermit, ProjectPermit};
use crate::db::Id;
use crate::error::{Error, Result};
use crate::state::AppState;

impl<P: OnAccount> FromRequestParts<AppState> for AccountPermit<P> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let caller = authenticate(state, parts).await?;
        if !caller.may_use_method(&parts.method) {
            return Err(read_only_token());
        }
        // Acting outside any organization (creating organizations or tokens,
        // joining) would let an organization-bound token escape its organization.
        if !is_safe(&parts.method) && caller.bound_organization().is_some() {
            return Err(Error::forbidden(
                "token_bound_to_organization",
                "a token bound to one organization cannot act outside it",
            ));
        }
        let permission = P::PERMISSION;
        state
            .policy
            .scope(Subject::Account, permission)
            .ok_or_else(|| {
                Error::forbidden("permission_denied", format!("no account may {permission}"))
            })?;
        Ok(AccountPermit::new(caller))
    }
}

impl<P: InOrganization> FromRequestParts<AppState> for OrgPermit<P> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let noun = "organization";
        let organization_id = path_param(parts, state, "org_id", noun).await;
        let caller = authenticate(state, parts).await?;
        let organization_id = organization_id?;
        let role = access::organization_role(&state.db, organization_id, caller.user_id).await?;
        let (caller, role) = member(caller, organization_id, role, noun)?;
        let (member, scope) = grant(
            state,
            caller,
            organization_id,
            role,
            P::PERMISSION,
            parts,
            noun,
        )?;
        Ok(OrgPermit::new(member, scope))
    }
}

impl<P: InProject> FromRequestParts<AppState> for ProjectPermit<P> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let target = project_target(parts, state).await;
        let caller = authenticate(state, parts).await?;
        let target = target?;
        let noun = target.noun;
        let access = access::project_access(&state.db, target.key, caller.user_id)
            .await?
            .filter(|access| target.project_id.is_none_or(|id| id == access.project.id))
            .ok_or(Error::NotFound(noun))?;
        let project = access.project;
        let (caller, role) = member(caller, project.organization_id, access.role, noun)?;
        // Whatever the action, a project's resources exist for the caller only
        // if the caller may see the project: reviewers and annotators only the
        // projects they are assigned to.
        let read = Permission::new(Resource::Project, Action::Read);
        let visible = match state.policy.scope(Subject::Role(role), read) {
            Some(Scope::Any) => true,
            Some(Scope::Assigned) => access.assigned,
            Some(Scope::Own) => project.created_by == Some(caller.user_id),
            None => false,
        };
        if !visible {
            return Err(Error::NotFound(noun));
        }
        let organization_id = project.organization_id;
        let (member, scope) = grant(
            state,
            caller,
            organization_id,
            role,
            P::PERMISSION,
            parts,
            noun,
        )?;
        Ok(ProjectPermit::new(member, scope, project))
    }
}

/// The caller as a member of `organization_id` with `role`; 404 when the
/// caller is none, or their token is bound to another organization.
fn member(
    caller: Caller,
    organization_id: Id,
    role: Option<Role>,
    noun: &'static str,
) -> Result<(Caller, Role)> {
    if !caller.reaches_organization(organization_id) {
        return Err(Error::NotFound(noun));
    }
    let role = role.ok_or(Error::NotFound(noun))?;
    Ok((caller, role))
}

/// Asks the policy for `permission` for a member with `role`: the membership
/// the permit carries and the scope granted, or the refusal.
fn grant(
    state: &AppState,
    caller: Caller,
    organization_id: Id,
    role: Role,
    permission: Permission,
    parts: &Parts,
    noun: &'static str,
) -> Result<(Membership, Scope)> {
    let subject = Subject::Role(role);
    let Some(scope) = state.policy.scope(subject, permission) else {
        // The caller sees the organization (or project) here, so the refusal is no secret.
        let read = Permission::new(Resource::Organization, Action::Read);
        return Err(match state.policy.scope(subject, read) {
            Some(_) => Error::forbidden(
                "permission_denied",
                format!("a {role} may not {}", describe(permission)),
            ),
            None => Error::NotFound(noun),
        });
    };
    if !caller.may_use_method(&parts.method) {
        return Err(read_only_token());
    }
    let member = Membership {
        caller,
        organization_id,
        role,
        policy: state.policy.clone(),
    };
    Ok((member, scope))
}

/// What a project route's path names its project by.
struct ProjectTarget {
    key: ProjectKey,
    /// What the path names, for its 404.
    noun: &'static str,
    /// The `{project_id}` of a path that names its project through an item
    /// too (`/projects/{project_id}/queue/leases/{item_id}`): the item must be
    /// that project's.
    project_id: Option<Id>,
}

/// Reads the project a path names: by `{annotation_id}`, `{item_id}` or
/// `{project_id}`, the first the path has.
async fn project_target(parts: &mut Parts, state: &AppState) -> Result<ProjectTarget> {
    let params = path_params(parts, state).await?;
    let param = |name: &str| {
        params
            .iter()
            .find_map(|(key, value)| (key == name).then_some(value.as_str()))
    };
    let (key, noun) = if let Some(raw) = param("annotation_id") {
        (
            ProjectKey::Annotation(parse_id(raw, "annotation")?),
            "annotation",
        )
    } else if let Some(raw) = param("item_id") {
        let key = ProjectKey::Item(parse_id(raw, "item")?);
        let project_id = param("project_id")
            .map(|raw| parse_id(raw, "project"))
            .transpose()?;
        return Ok(ProjectTarget {
            key,
            noun: "item",
            project_id,
        });
    } else if let Some(raw) = param("project_id") {
        (ProjectKey::Project(parse_id(raw, "project")?), "project")
    } else {
        return Err(Error::Internal(anyhow::anyhow!(
            "{} names no project",
            parts.uri.path()
        )));
    };
    Ok(ProjectTarget {
        key,
        noun,
        project_id: None,
    })
}

/// The id of the path parameter `name`, naming a `noun`.
async fn path_param(
    parts: &mut Parts,
    state: &AppState,
    name: &str,
    noun: &'static str,
) -> Result<Id> {
    let params = path_params(parts, state).await?;
    let raw = params
        .into_iter()
        .find_map(|(key, value)| (key == name).then_some(value))
        .ok_or_else(|| {
            Error::Internal(anyhow::anyhow!("{} has no {{{name}}}", parts.uri.path()))
        })?;
    parse_id(&raw, noun)
}

/// The path's parameters, by name.
async fn path_params(parts: &mut Parts, state: &AppState) -> Result<Vec<(String, String)>> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|rejection| match rejection {
            // Not UTF-8, so not a UUID either: the path names nothing.
            RawPathParamsRejection::InvalidUtf8InPathParam(_) => Error::NotFound("resource"),
            other => Error::Internal(anyhow::anyhow!("path parameters: {other}")),
        })?;
    Ok(params
        .iter()
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect())
}

/// An id from the path; one that is not a UUID names nothing, so it is a 404.
fn parse_id(raw: &str, resource: &'static str) -> Result<Id> {
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
