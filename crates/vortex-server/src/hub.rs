//! The connected clients: registration under the client limit, and broadcast.

use crate::outbox::Outbox;
use axum::extract::ws::Message;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

/// Every connected client's outbox, by client id.
#[derive(Debug)]
pub struct Hub {
    clients: Mutex<HashMap<u64, Arc<Outbox>>>,
    next_id: AtomicU64,
    max_clients: usize,
    monitor_queue: usize,
    closing: std::sync::atomic::AtomicBool,
}

/// The client limit was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full {
    /// The limit.
    pub max_clients: usize,
}

impl Hub {
    /// A hub for at most `max_clients` clients, each queueing at most `monitor_queue`
    /// monitoring frames.
    pub fn new(max_clients: usize, monitor_queue: usize) -> Self {
        Self {
            clients: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(1),
            max_clients,
            monitor_queue,
            closing: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn clients(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Outbox>>> {
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a client: its id and outbox. `greet` queues what the client must
    /// see first; it runs before any broadcast can reach the client.
    ///
    /// # Errors
    /// [`Full`] when `max_clients` are connected (or the server is closing).
    pub fn join(&self, greet: impl FnOnce(u64, &Outbox)) -> Result<(u64, Arc<Outbox>), Full> {
        let mut clients = self.clients();
        if clients.len() >= self.max_clients || self.closing.load(Relaxed) {
            return Err(Full {
                max_clients: self.max_clients,
            });
        }
        let id = self.next_id.fetch_add(1, Relaxed);
        let outbox = Arc::new(Outbox::new(self.monitor_queue));
        greet(id, &outbox);
        clients.insert(id, outbox.clone());
        Ok((id, outbox))
    }

    /// Unregisters a client.
    pub fn leave(&self, id: u64) {
        self.clients().remove(&id);
    }

    /// Clients connected now.
    pub fn len(&self) -> usize {
        self.clients().len()
    }

    /// Whether no client is connected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Monitoring frames dropped for slow clients, over the connected clients.
    pub fn dropped_frames(&self) -> u64 {
        self.clients().values().map(|o| o.dropped()).sum()
    }

    /// Queues `m` for every client (never waits; a client too far behind is marked
    /// overflowed and its session ends).
    pub fn broadcast(&self, m: &Message) {
        let outboxes: Vec<Arc<Outbox>> = self.clients().values().cloned().collect();
        for o in outboxes {
            o.push_control(m.clone());
        }
    }

    /// Closes every client's queue (after what is queued is sent), at shutdown.
    pub fn close_all(&self) {
        self.closing.store(true, Relaxed);
        for o in self.clients().values() {
            o.close(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_holds_and_frees_on_leave() {
        let hub = Hub::new(2, 4);
        let join = || hub.join(|_, _| {});
        let (a, _) = join().unwrap();
        let (b, _) = join().unwrap();
        assert_ne!(a, b);
        assert_eq!(join().unwrap_err(), Full { max_clients: 2 });
        hub.leave(a);
        assert!(join().is_ok());
        assert_eq!(hub.len(), 2);
    }
}
