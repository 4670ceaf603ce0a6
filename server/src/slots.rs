//! Caps on how many long-running requests of one kind (exports, imports) run at once,
//! per organization and in total, so that one tenant cannot take every pooled
//! connection from the others.
//!
//! The count lives in this process: each server instance caps its own
//! requests, which also bounds what it asks of its own connection pool.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::db::Id;
use crate::error::Error;

/// Slots for requests of one kind: at most `total` at once, at most
/// `per_organization` of them for one organization.
#[derive(Debug)]
pub struct Slots {
    total: usize,
    per_organization: usize,
    taken: Mutex<Taken>,
}

/// The slots in use, in total and by organization (organizations holding none are left out).
#[derive(Debug, Default)]
struct Taken {
    total: usize,
    by_organization: HashMap<Id, usize>,
}

/// Why no slot was free.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    /// The organization holds all of its slots.
    Organization,
    /// The server holds all of its slots.
    Server,
}

impl Slots {
    /// Slots for at most `total` requests at once, `per_organization` of one organization.
    pub fn new(total: usize, per_organization: usize) -> Arc<Slots> {
        Arc::new(Slots {
            total,
            per_organization,
            taken: Mutex::new(Taken::default()),
        })
    }

    /// A slot for a request of `organization_id`, held until the returned guard is dropped.
    pub fn try_take(self: &Arc<Self>, organization_id: Id) -> Result<Slot, Full> {
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        let of_organization = taken
            .by_organization
            .get(&organization_id)
            .copied()
            .unwrap_or(0);
        if of_organization >= self.per_organization {
            return Err(Full::Organization);
        }
        if taken.total >= self.total {
            return Err(Full::Server);
        }
        taken.total += 1;
        taken
            .by_organization
            .insert(organization_id, of_organization + 1);
        Ok(Slot {
            slots: Arc::clone(self),
            organization_id,
        })
    }

    /// A slot for a request of `organization_id`, or 429 naming `what` runs
    /// (e.g. "exports") with `Retry-After: retry_after`.
    pub fn take_or_refuse(
        self: &Arc<Self>,
        organization_id: Id,
        what: &str,
        retry_after: u64,
    ) -> Result<Slot, Error> {
        self.try_take(organization_id)
            .map_err(|full| Error::TooManyRequests {
                retry_after,
                detail: match full {
                    Full::Organization => {
                        format!("the organization runs as many {what} as it may at once")
                    }
                    Full::Server => format!("the server runs as many {what} as it may at once"),
                },
            })
    }

    fn give_back(&self, organization_id: Id) {
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        taken.total = taken.total.saturating_sub(1);
        if let Some(count) = taken.by_organization.get_mut(&organization_id) {
            *count -= 1;
            if *count == 0 {
                taken.by_organization.remove(&organization_id);
            }
        }
    }
}

/// A slot taken from [`Slots`]; dropping it gives it back (also when the task
/// holding it panics).
#[derive(Debug)]
pub struct Slot {
    slots: Arc<Slots>,
    organization_id: Id,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.slots.give_back(self.organization_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_capped_per_organization_and_in_total_and_come_back_when_dropped() {
        let slots = Slots::new(3, 2);
        let (a, b, c) = (Id::new(), Id::new(), Id::new());
        let a1 = slots.try_take(a).expect("a slot");
        let _a2 = slots.try_take(a).expect("a second slot");
        assert_eq!(slots.try_take(a).err(), Some(Full::Organization));
        let _b1 = slots.try_take(b).expect("b's slot");
        assert_eq!(slots.try_take(c).err(), Some(Full::Server));
        drop(a1);
        let _c1 = slots.try_take(c).expect("the slot a gave back");
        assert_eq!(slots.try_take(a).err(), Some(Full::Server));
    }
}
