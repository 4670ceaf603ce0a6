//! The read side: each function builds one query and converts its rows into
//! transport types in the same place, so a reader sees at once what is fetched.
//! Queries on tenant data filter on the organization taken from the Permit.

pub mod api_tokens;
pub mod audit_log;
pub mod invitations;
pub mod members;
pub mod organizations;
pub mod page;
pub mod users;

pub use page::{Page, PageRequest};
