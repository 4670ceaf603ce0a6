//! A streaming replica of the PostgreSQL database, for the reads that may lag
//! behind the latest writes (exports and statistics), whether it answers and
//! how far behind it is.
//!
//! The replica is watched in the background rather than tried by each read:
//! a replica that is gone, or too far behind, then costs no request a wait,
//! and the reads it would have served go to the primary until it is back.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use super::Db;

/// How often the replica is checked.
const CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// How long a check waits for the replica, as `/readyz` waits for the primary.
const CHECK_TIMEOUT: Duration = Duration::from_millis(800);

/// Seconds the replica's replay is behind the primary's latest commit. 0
/// while it has replayed everything it received: a primary that writes
/// nothing leaves the last replayed commit old, and that is no lag. NULL
/// (no commit replayed yet, or not a replica) counts as 0 too.
const REPLAY_LAG: &str = "SELECT GREATEST(COALESCE(CASE \
     WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 \
     ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END, 0), 0)::float8";

/// What the last check of the replica found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplicaStatus {
    /// It answers within the bound on its lag: the reads that may lag take it.
    Ready,
    /// It answers, but its replay is further behind than the bound allows.
    Lagging,
    /// It does not answer, or lacks a migration of this binary.
    Unavailable,
}

impl ReplicaStatus {
    /// How `/readyz` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            ReplicaStatus::Ready => "ready",
            ReplicaStatus::Lagging => "lagging",
            ReplicaStatus::Unavailable => "unavailable",
        }
    }

    fn from_u8(value: u8) -> ReplicaStatus {
        match value {
            0 => ReplicaStatus::Ready,
            1 => ReplicaStatus::Lagging,
            _ => ReplicaStatus::Unavailable,
        }
    }
}

/// The replica's pool, the bound on its lag, and what its last check found.
#[derive(Debug, Clone)]
pub struct Replica {
    db: Db,
    max_lag: Duration,
    status: Arc<AtomicU8>,
}

impl Replica {
    /// The replica on `db`, which may lag `max_lag` behind the primary; taken
    /// as unavailable until it is checked.
    pub fn new(db: Db, max_lag: Duration) -> Replica {
        Replica {
            db,
            max_lag,
            status: Arc::new(AtomicU8::new(ReplicaStatus::Unavailable as u8)),
        }
    }

    /// What its last check found.
    pub fn status(&self) -> ReplicaStatus {
        ReplicaStatus::from_u8(self.status.load(Ordering::Relaxed))
    }

    /// The replica's pool while it is ready: it answers, within the bound on its lag.
    pub fn ready(&self) -> Option<&Db> {
        (self.status() == ReplicaStatus::Ready).then_some(&self.db)
    }

    /// The replica's pool, ready or not: to count its connections.
    pub fn pool(&self) -> &Db {
        &self.db
    }

    /// Checks the replica every [`CHECK_INTERVAL`], for as long as the task
    /// runs: it answers when it accepts a connection within [`CHECK_TIMEOUT`]
    /// and has replayed every migration of this binary (a replica still
    /// behind a migration the primary applied lacks its tables or columns),
    /// and is ready when its replay lag (see [`REPLAY_LAG`]) is at most the
    /// bound. Each change is logged once.
    pub async fn watch(self) {
        let mut interval = tokio::time::interval(CHECK_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last = None;
        loop {
            interval.tick().await;
            let lag = tokio::time::timeout(CHECK_TIMEOUT, self.replay_lag())
                .await
                .ok()
                .flatten();
            if let Some(lag) = lag {
                metrics::gauge!(crate::telemetry::DB_REPLICA_LAG).set(lag.as_secs_f64());
            }
            let status = match lag {
                None => ReplicaStatus::Unavailable,
                Some(lag) if lag > self.max_lag => ReplicaStatus::Lagging,
                Some(_) => ReplicaStatus::Ready,
            };
            self.status.store(status as u8, Ordering::Relaxed);
            if last != Some(status) {
                self.log_change(last, status, lag.unwrap_or_default());
            }
            last = Some(status);
        }
    }

    /// How far the replica's replay is behind, when it answers and has every migration.
    async fn replay_lag(&self) -> Option<Duration> {
        if !self.db.is_ready().await {
            return None;
        }
        // A replica is PostgreSQL (the configuration refuses any other).
        let Db::Postgres(pool) = &self.db else {
            return Some(Duration::ZERO);
        };
        let lag: f64 = sqlx::query_scalar(REPLAY_LAG).fetch_one(pool).await.ok()?;
        Duration::try_from_secs_f64(lag).ok()
    }

    /// Logs the replica's change from `before` (`None` at the first check) to `now`.
    fn log_change(&self, before: Option<ReplicaStatus>, now: ReplicaStatus, lag: Duration) {
        let max_lag = self.max_lag.as_secs();
        let lag = format!("{:.1} s", lag.as_secs_f64());
        match now {
            ReplicaStatus::Ready if before == Some(ReplicaStatus::Lagging) => tracing::info!(
                %lag,
                "the replica caught up: exports and statistics read from it again"
            ),
            ReplicaStatus::Ready => {
                tracing::info!("the replica answers: exports and statistics read from it");
            }
            ReplicaStatus::Lagging => tracing::warn!(
                %lag,
                max_lag_seconds = max_lag,
                "the replica lags behind more than LABELWELL_DATABASE_REPLICA_MAX_LAG_SECONDS: \
                 exports and statistics read from the primary until it catches up"
            ),
            ReplicaStatus::Unavailable => tracing::warn!(
                "the replica does not answer, or lacks a migration: exports and \
                 statistics read from the primary until it does"
            ),
        }
    }

    /// Closes every connection of its pool.
    pub async fn close(&self) {
        self.db.close().await;
    }
}
