//! What every request handler can reach.

use std::sync::Arc;

use crate::authz::Policy;
use crate::config::Config;
use crate::db::Db;
use crate::lifecycle::Lifecycle;
use crate::slots::Slots;

/// The state shared by every request: the database, the configuration, the policy.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// The configuration the server started with.
    pub config: Arc<Config>,
    /// The compiled authorization policy.
    pub policy: Arc<Policy>,
    /// The slots of the exports running (see [`Config::max_exports`]).
    pub exports: Arc<Slots>,
    /// The slots of the item imports running (see [`Config::max_imports`]).
    pub imports: Arc<Slots>,
    /// Whether the server is serving, draining or stopping.
    pub lifecycle: Lifecycle,
}
