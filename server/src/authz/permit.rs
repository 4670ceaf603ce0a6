//! Permits: the proof, minted only here, that the policy allowed a request.
//!
//! A permit is typed by the permission it was minted for ([`perm`](super::perm)):
//! a service states in its signature the permission it needs
//! (`&ProjectPermit<perm::ProjectDelete>`), so a handler wired to another
//! permission does not compile, and every service function that changes state
//! takes one, so "no service runs unauthorized" is checked by the compiler. A
//! permit carries the scope the policy granted for its permission, so services
//! and queries never derive it again; a second permission is asked for by name
//! ([`OrgPermit::scope_for`]). See docs/architecture.md, "The permit".
//!
//! ```
//! use labelwell_server::authz::{perm, ProjectPermit};
//!
//! fn delete(permit: &ProjectPermit<perm::ProjectDelete>) { let _ = permit; }
//!
//! // The handler of `DELETE /projects/{project_id}` holds the permit it needs.
//! fn handler(permit: ProjectPermit<perm::ProjectDelete>) {
//!     delete(&permit);
//! }
//! ```
//!
//! ```compile_fail
//! use labelwell_server::authz::{perm, ProjectPermit};
//!
//! fn delete(permit: &ProjectPermit<perm::ProjectDelete>) { let _ = permit; }
//!
//! // A handler holding the permit of another permission cannot call it.
//! fn handler(permit: ProjectPermit<perm::ProjectRead>) {
//!     delete(&permit);
//! }
//! ```
//!
//! ```compile_fail
//! use labelwell_server::authz::{perm, ProjectPermit};
//!
//! // An organization's permission is never held for a project.
//! fn update(permit: &ProjectPermit<perm::OrganizationUpdate>) { let _ = permit; }
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use labelwell_transport::Role;

use super::caller::Caller;
use super::permissions::{
    Action, InOrganization, InProject, OnAccount, Permission, Resource, Scope, Subject,
};
use super::policy::Policy;
use crate::db::{Id, Tenancy};
use crate::error::{Error, Result};

/// The project a request acts in, as authorization resolved it from the path.
#[derive(Debug, Clone)]
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

/// The caller as a member of the organization a request acts in.
#[derive(Debug, Clone)]
pub(super) struct Membership {
    pub(super) caller: Caller,
    pub(super) organization_id: Id,
    pub(super) role: Role,
    pub(super) policy: Arc<Policy>,
}

/// Permission `P` on the caller's own account, outside any organization.
pub struct AccountPermit<P: OnAccount> {
    caller: Caller,
    permission: PhantomData<P>,
}

/// Permission `P` inside the organization the path names (`{org_id}`), as
/// one of its members.
pub struct OrgPermit<P: InOrganization> {
    member: Membership,
    scope: Scope,
    permission: PhantomData<P>,
}

/// Permission `P` inside the project the path names (`{project_id}`,
/// `{item_id}` or `{annotation_id}`), as a member of its organization who may
/// see it.
pub struct ProjectPermit<P: InProject> {
    member: Membership,
    scope: Scope,
    project: ProjectRef,
    permission: PhantomData<P>,
}

impl<P: OnAccount> AccountPermit<P> {
    pub(super) fn new(caller: Caller) -> Self {
        AccountPermit {
            caller,
            permission: PhantomData,
        }
    }

    /// The caller.
    pub fn caller(&self) -> &Caller {
        &self.caller
    }

    /// The calling user.
    pub fn user_id(&self) -> Id {
        self.caller.user_id
    }

    /// What the request's transactions may see: the caller's own
    /// memberships and the organizations they are in.
    pub fn tenancy(&self) -> Tenancy {
        Tenancy::Account(self.caller.user_id)
    }
}

impl<P: InOrganization> OrgPermit<P> {
    pub(super) fn new(member: Membership, scope: Scope) -> Self {
        OrgPermit {
            member,
            scope,
            permission: PhantomData,
        }
    }
}

impl<P: InProject> ProjectPermit<P> {
    pub(super) fn new(member: Membership, scope: Scope, project: ProjectRef) -> Self {
        ProjectPermit {
            member,
            scope,
            project,
            permission: PhantomData,
        }
    }

    /// The project the request acts in.
    pub fn project(&self) -> &ProjectRef {
        &self.project
    }

    /// The project the request acts in, which must not be archived: an archived
    /// project keeps its data read-only.
    pub fn writable_project(&self) -> Result<&ProjectRef> {
        if self.project.archived {
            return Err(Error::conflict(
                "project_archived",
                "the project is archived; restore it to change it",
            ));
        }
        Ok(&self.project)
    }
}

/// What every permit inside an organization tells, whatever its permission:
/// for helpers shared by services of several permissions (the audit log).
pub trait MemberPermit {
    /// The calling user.
    fn user_id(&self) -> Id;
    /// The organization the request acts in.
    fn organization_id(&self) -> Id;
}

/// The accessors of a permit inside an organization, the same for
/// organization and project permits.
macro_rules! member_permit {
    ($permit:ident, $bound:ident) => {
        impl<P: $bound> $permit<P> {
            /// The caller.
            pub fn caller(&self) -> &Caller {
                &self.member.caller
            }

            /// The calling user.
            pub fn user_id(&self) -> Id {
                self.member.caller.user_id
            }

            /// The organization the request acts in.
            pub fn organization_id(&self) -> Id {
                self.member.organization_id
            }

            /// What the request's transactions may see: the organization's rows.
            pub fn tenancy(&self) -> Tenancy {
                Tenancy::Organization(self.member.organization_id)
            }

            /// The caller's role in the organization.
            pub fn role(&self) -> Role {
                self.member.role
            }

            /// How far permission `P`, the one this permit was minted for, reaches.
            pub fn scope(&self) -> Scope {
                self.scope
            }

            /// The caller's scope for another permission `Q` in the same
            /// organization; `None` when the role does not hold it.
            pub fn scope_for<Q: InOrganization>(&self) -> Option<Scope> {
                self.member
                    .policy
                    .scope(Subject::Role(self.member.role), Q::PERMISSION)
            }

            /// The policy the permit was granted under, to ask about other roles.
            pub fn policy(&self) -> &Policy {
                &self.member.policy
            }

            /// Fails with 403 unless the caller may give `role` to someone (or
            /// take it away): their role holds `role_grant : <role>`.
            pub fn ensure_can_grant(&self, role: Role) -> Result<()> {
                let grant = Permission::new(Resource::RoleGrant, Action::Grant(role));
                match self
                    .member
                    .policy
                    .scope(Subject::Role(self.member.role), grant)
                {
                    Some(_) => Ok(()),
                    None => Err(Error::forbidden(
                        "role_not_grantable",
                        format!(
                            "a {} cannot grant, change or remove the {role} role",
                            self.member.role
                        ),
                    )),
                }
            }
        }

        impl<P: $bound> MemberPermit for $permit<P> {
            fn user_id(&self) -> Id {
                self.member.caller.user_id
            }

            fn organization_id(&self) -> Id {
                self.member.organization_id
            }
        }

        impl<P: $bound> fmt::Debug for $permit<P> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($permit))
                    .field("permission", &P::PERMISSION)
                    .field("member", &self.member)
                    .field("scope", &self.scope)
                    .finish_non_exhaustive()
            }
        }
    };
}

member_permit!(OrgPermit, InOrganization);
member_permit!(ProjectPermit, InProject);

impl<P: OnAccount> fmt::Debug for AccountPermit<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountPermit")
            .field("permission", &P::PERMISSION)
            .field("caller", &self.caller)
            .finish()
    }
}

/// What a route requires of its caller, as its OpenAPI operation's
/// `x-permission` records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (signup, login, logout).
    Public,
    /// A signed-in account; the permission is checked for the `account` subject.
    Account(Permission),
    /// A member of the organization the path names (directly or through a
    /// project), whose role holds the permission.
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

/// A permit as a handler's first argument: what the route requires, read
/// from the type, for its registration (`views::route!`).
pub trait RoutePermit {
    /// The route's access.
    const ACCESS: Access;
}

impl<P: OnAccount> RoutePermit for AccountPermit<P> {
    const ACCESS: Access = Access::Account(P::PERMISSION);
}

impl<P: InOrganization> RoutePermit for OrgPermit<P> {
    const ACCESS: Access = Access::Organization(P::PERMISSION);
}

impl<P: InProject> RoutePermit for ProjectPermit<P> {
    const ACCESS: Access = Access::Organization(P::PERMISSION);
}
