//! The authorization layer: who is calling, and whether the policy lets them do
//! what the route does, decided before any handler or service runs.

pub mod caller;
pub mod guard;
pub mod permissions;
pub mod permit;
pub mod policy;

pub use caller::{Caller, Credential};
pub use guard::{Access, authorize, parse_id};
pub use permissions::{Action, Permission, Resource, Scope, Subject};
pub use permit::{AccountPermit, Permit, ProjectRef};
pub use policy::Policy;
