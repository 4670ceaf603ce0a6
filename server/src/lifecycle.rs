//! Where the server is in its life: serving, draining after SIGTERM, or
//! stopping once the shutdown deadline has passed.

use std::sync::Arc;

use tokio::sync::watch;

/// A phase of the server's life, in the order they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Ready for requests.
    Serving,
    /// Told to stop: `/readyz` answers 503 so that load balancers take the
    /// instance out, while every request is still served.
    Draining,
    /// The shutdown deadline has passed: requests still running are ended.
    Stopping,
}

/// The server's phase, shared by every request and the shutdown sequence.
#[derive(Debug, Clone)]
pub struct Lifecycle {
    phase: Arc<watch::Sender<Phase>>,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle {
            phase: Arc::new(watch::Sender::new(Phase::Serving)),
        }
    }
}

impl Lifecycle {
    /// The current phase.
    pub fn phase(&self) -> Phase {
        *self.phase.borrow()
    }

    /// Enters `phase`, unless the server is already past it.
    pub fn enter(&self, phase: Phase) {
        self.phase.send_if_modified(|current| {
            let later = phase > *current;
            if later {
                *current = phase;
            }
            later
        });
    }

    /// Completes once the server is [`Phase::Stopping`].
    pub async fn stopping(&self) {
        let mut phase = self.phase.subscribe();
        // The sender lives in `self`: the wait ends only when the phase comes.
        let _ = phase.wait_for(|phase| *phase == Phase::Stopping).await;
    }
}
