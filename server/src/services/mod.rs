//! The write side: business rules, transactions and audit entries. Every
//! function that changes organization data takes the permit of its permission
//! ([`ProjectPermit<perm::ProjectDelete>`](crate::authz::ProjectPermit), ...),
//! and the organization it writes to is the permit's, never the request's.

pub mod accounts;
pub mod annotation_ui;
pub mod annotations;
pub mod api_tokens;
pub mod audit;
pub mod compact_json;
pub mod invitations;
pub mod items;
pub mod members;
pub mod organizations;
pub mod predictions;
pub mod projects;
pub mod queue;
pub mod releases;
pub mod review_queue;
pub mod spool;
pub mod validation;
pub mod versions;
pub mod webhooks;
