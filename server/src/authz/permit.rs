//! Permits: the proof, minted only here, that the policy allowed a request.
//!
//! Every service function that changes state takes a permit, so "no service runs
//! unauthorized" is checked by the compiler. A permit carries the resolved scope
//! of the request, so services and queries never derive it again.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use labelwell_transport::Role;

use super::caller::Caller;
use super::permissions::{Action, Permission, Resource, Scope, Subject};
use super::policy::Policy;
use crate::db::Id;
use crate::error::{Error, Result};

/// Permission to act inside one organization, as one of its members.
#[derive(Debug, Clone)]
pub struct Permit {
    caller: Caller,
    organization_id: Id,
    role: Role,
    scope: Scope,
    project: Option<ProjectRef>,
    policy: Arc<Policy>,
}

/// The project a request acts in, as the guard resolved it from the path.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProjectRef {
    /// The project's id.
    pub id: Id,
    /// Its organization.
    pub organization_id: Id,
    /// Who created it.
    pub created_by: Option<Id>,
    /// Whether it is archived.
    pub archived: bool,
}

impl Permit {
    pub(super) fn new(
        caller: Caller,
        organization_id: Id,
        role: Role,
        scope: Scope,
        project: Option<ProjectRef>,
        policy: Arc<Policy>,
    ) -> Self {
        Permit {
            caller,
            organization_id,
            role,
            scope,
            project,
            policy,
        }
    }

    /// The project the request acts in; an error for routes that name none.
    pub fn project(&self) -> Result<&ProjectRef> {
        self.project
            .as_ref()
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("this route names no project")))
    }

    /// The project the request acts in, which must not be archived: an archived
    /// project keeps its data read-only.
    pub fn writable_project(&self) -> Result<&ProjectRef> {
        let project = self.project()?;
        if project.archived {
            return Err(Error::conflict(
                "project_archived",
                "the project is archived; restore it to change it",
            ));
        }
        Ok(project)
    }

    /// The caller.
    pub fn caller(&self) -> &Caller {
        &self.caller
    }

    /// The calling user.
    pub fn user_id(&self) -> Id {
        self.caller.user_id
    }

    /// The organization the request acts in.
    pub fn organization_id(&self) -> Id {
        self.organization_id
    }

    /// The caller's role in the organization.
    pub fn role(&self) -> Role {
        self.role
    }

    /// How far the permission of this request reaches.
    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// The policy the permit was granted under, to ask about other roles.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The caller's own scope for another permission in the same organization.
    pub fn scope_of(&self, resource: Resource, action: Action) -> Option<Scope> {
        self.policy
            .scope(Subject::Role(self.role), Permission::new(resource, action))
    }

    /// Fails with 403 unless the caller may give `role` to someone (or take it away).
    pub fn ensure_can_grant(&self, role: Role) -> Result<()> {
        match self.scope_of(Resource::RoleGrant, Action::Grant(role)) {
            Some(_) => Ok(()),
            None => Err(Error::forbidden(
                "role_not_grantable",
                format!(
                    "a {} cannot grant, change or remove the {role} role",
                    self.role
                ),
            )),
        }
    }
}

/// Permission to act on the caller's own account, outside any organization.
#[derive(Debug, Clone)]
pub struct AccountPermit {
    caller: Caller,
}

impl AccountPermit {
    pub(super) fn new(caller: Caller) -> Self {
        AccountPermit { caller }
    }

    /// The caller.
    pub fn caller(&self) -> &Caller {
        &self.caller
    }

    /// The calling user.
    pub fn user_id(&self) -> Id {
        self.caller.user_id
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Permit {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self> {
        parts.extensions.get::<Permit>().cloned().ok_or_else(|| {
            Error::Internal(anyhow::anyhow!(
                "{} is not registered with an organization permission",
                parts.uri.path()
            ))
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AccountPermit {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self> {
        parts
            .extensions
            .get::<AccountPermit>()
            .cloned()
            .ok_or_else(|| {
                Error::Internal(anyhow::anyhow!(
                    "{} is not registered with an account permission",
                    parts.uri.path()
                ))
            })
    }
}
