//! The read side: each function builds one query and converts its rows into
//! transport types in the same place, so a reader sees at once what is fetched.
//! Queries on tenant data filter on the organization taken from the permit.

pub mod annotations;
pub mod api_tokens;
pub mod audit_log;
pub mod export;
pub mod invitations;
pub mod items;
pub mod login_failures;
pub mod members;
pub mod organizations;
pub mod page;
pub mod predictions;
pub mod projects;
pub mod queue;
pub mod releases;
pub mod review_queue;
pub mod stats;
pub mod users;
pub mod versions;
pub mod webhooks;

pub use page::{Page, PageRequest};

use crate::db::Ts;
use crate::error::{Error, Result};

/// A time a client sent (a filter, or a position in a cursor) as the database
/// compares it: a 422 naming `field` when no column can hold it, never a panic.
pub fn client_time(field: &str, time: time::OffsetDateTime) -> Result<Ts> {
    Ts::try_from(time).map_err(|error| Error::invalid(field, "out_of_range", error.to_string()))
}
