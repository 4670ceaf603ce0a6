//! What every request handler can reach.

use std::sync::Arc;

use crate::authz::Policy;
use crate::config::Config;
use crate::db::Db;

/// The state shared by every request: the database, the configuration, the policy.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// The configuration the server started with.
    pub config: Arc<Config>,
    /// The compiled authorization policy.
    pub policy: Arc<Policy>,
}
