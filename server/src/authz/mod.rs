//! The authorization layer: who is calling, and whether the policy lets them do
//! what the route does, decided by the route's permit (its handler's first
//! argument) before any other part of the request is read or any service runs.
//! See docs/architecture.md and docs/authorization.md.

pub mod access;
pub mod caller;
mod mint;
pub mod permissions;
pub mod permit;
pub mod policy;

pub use caller::{Caller, Credential};
pub use permissions::{
    Action, InOrganization, InProject, IsPermission, Level, OnAccount, Permission, Resource, Scope,
    Subject, perm,
};
pub use permit::{
    Access, AccountPermit, MemberPermit, OrgPermit, ProjectPermit, ProjectRef, RoutePermit,
};
pub use policy::Policy;
