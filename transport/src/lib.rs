//! The transport types of the Labelwell API: every request and response body,
//! with its JSON shape, shared by the server and the SDKs.
//!
//! This crate is the contract. It depends on no other crate of the project, so
//! a client can use it without pulling in the server's database or HTTP stack.
//! The `openapi` feature derives the OpenAPI schemas from these same types; the
//! `python` feature makes each of them a Python class for the SDK (`sdk-python/`).
//!
//! Single resources travel wrapped (`{"organization": {...}}`), lists as
//! `{"organizations": [...], "pagination": {...}}`, errors as problem+json.
//! Those envelopes, and every fieldless enum with its wire names, are declared
//! with the macros of [`wire`].

pub mod accounts;
pub mod annotation_ui;
pub mod annotations;
pub mod audit_log;
pub mod export;
pub mod guidelines;
pub mod invitations;
pub mod items;
pub mod json;
pub mod limits;
pub mod members;
pub mod organizations;
pub mod pagination;
pub mod predictions;
pub mod problem;
pub mod projects;
#[cfg(feature = "python")]
pub mod python;
pub mod queue;
pub mod releases;
pub mod review_queue;
pub mod roles;
pub mod stats;
pub mod tokens;
pub mod webhooks;
pub mod wire;

pub use accounts::*;
pub use annotation_ui::*;
pub use annotations::*;
pub use audit_log::*;
pub use export::*;
pub use guidelines::*;
pub use invitations::*;
pub use items::*;
pub use json::*;
pub use members::*;
pub use organizations::*;
pub use pagination::*;
pub use predictions::*;
pub use problem::*;
pub use projects::*;
pub use queue::*;
pub use releases::*;
pub use review_queue::*;
pub use roles::*;
pub use stats::*;
pub use tokens::*;
pub use webhooks::*;
pub use wire::UnknownName;
