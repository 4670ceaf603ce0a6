//! What every request handler can reach.

use std::sync::Arc;

use crate::authz::Policy;
use crate::config::Config;
use crate::db::Db;
use crate::db::replica::Replica;
use crate::lifecycle::Lifecycle;
use crate::slots::Slots;

/// The state shared by every request: the database, the configuration, the policy.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// One connection of its own for `/readyz` (see [`Db::readiness_probe`]).
    pub readiness: Db,
    /// The streaming replica of the database, when one is configured
    /// (see [`AppState::reads_that_may_lag`]).
    pub replica: Option<Replica>,
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

impl AppState {
    /// The pool for reads that may lag behind the latest writes: the replica
    /// while it answers within the bound on its lag, else the primary. Only exports and statistics take
    /// it; everything a user expects to see at once after their own write
    /// (authorization, lists, the queue, sessions) reads [`AppState::db`].
    pub fn reads_that_may_lag(&self) -> &Db {
        self.replica
            .as_ref()
            .and_then(Replica::ready)
            .unwrap_or(&self.db)
    }
}
