//! A streaming replica of the PostgreSQL database, for the reads that may lag
//! behind the latest writes (exports and statistics), and whether it answers.
//!
//! The replica is watched in the background rather than tried by each read:
//! a replica that is gone then costs no request a wait, and the reads it
//! would have served go to the primary until it answers again.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::Db;

/// How often the replica is checked.
const CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// How long a check waits for the replica, as `/readyz` waits for the primary.
const CHECK_TIMEOUT: Duration = Duration::from_millis(800);

/// The replica's pool, and whether it answered its last check.
#[derive(Debug, Clone)]
pub struct Replica {
    db: Db,
    answering: Arc<AtomicBool>,
}

impl Replica {
    /// The replica on `db`, taken as not answering until it is checked.
    pub fn new(db: Db) -> Replica {
        Replica {
            db,
            answering: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The replica's pool while it answers.
    pub fn answering(&self) -> Option<&Db> {
        self.answering.load(Ordering::Relaxed).then_some(&self.db)
    }

    /// The replica's pool, answering or not: to count its connections.
    pub fn pool(&self) -> &Db {
        &self.db
    }

    /// Checks the replica every [`CHECK_INTERVAL`], for as long as the task
    /// runs: it answers when it accepts a connection within [`CHECK_TIMEOUT`]
    /// and has replayed every migration of this binary (a replica still
    /// behind a migration the primary applied lacks its tables or columns).
    /// Each change is logged once.
    pub async fn watch(self) {
        let mut interval = tokio::time::interval(CHECK_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut first = true;
        loop {
            interval.tick().await;
            let answers = tokio::time::timeout(CHECK_TIMEOUT, self.db.is_ready())
                .await
                .unwrap_or(false);
            let answered = self.answering.swap(answers, Ordering::Relaxed);
            if answers && (first || !answered) {
                tracing::info!("the replica answers: exports and statistics read from it");
            } else if !answers && (first || answered) {
                tracing::warn!(
                    "the replica does not answer, or lacks a migration: exports and \
                     statistics read from the primary until it does"
                );
            }
            first = false;
        }
    }

    /// Closes every connection of its pool.
    pub async fn close(&self) {
        self.db.close().await;
    }
}
