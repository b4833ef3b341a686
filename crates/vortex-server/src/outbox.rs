//! A client's send queue. Whoever produces messages for a client (its session, the
//! state broadcaster, its monitor task) pushes here without waiting; the client's
//! writer task drains it into the socket at whatever pace the client reads.
//!
//! - Replies, state changes and events are never dropped; if a client lets
//!   [`CONTROL_CAPACITY`] of them pile up it is too far behind to be in sync, and it is
//!   disconnected ([`Outbox::overflowed`]).
//! - Monitoring frames are bounded by `monitor_capacity`: when the queue is full the
//!   oldest frame is dropped (and counted), so a slow client sees fresh data, late.

use axum::extract::ws::Message;
use std::collections::VecDeque;
use std::sync::Mutex;
use tokio::sync::Notify;

/// Replies, state changes and events that may wait for one client.
pub const CONTROL_CAPACITY: usize = 1024;

/// One monitoring tick for one client: the JSON frame and, if asked for, the binary
/// spectrum frame. Dropped together.
#[derive(Debug, Clone, Default)]
pub struct MonitorItem {
    /// The JSON frame.
    pub json: Option<Message>,
    /// The binary spectrum frame.
    pub spectrum: Option<Message>,
}

#[derive(Debug, Default)]
struct Queues {
    control: VecDeque<Message>,
    monitor: VecDeque<MonitorItem>,
    dropped: u64,
    overflowed: bool,
    closed: bool,
}

/// A bounded, non-blocking send queue for one client.
#[derive(Debug)]
pub struct Outbox {
    queues: Mutex<Queues>,
    monitor_capacity: usize,
    ready: Notify,
}

/// What the writer should do next.
#[derive(Debug)]
pub enum Next {
    /// Send these, in order.
    Send(Vec<Message>),
    /// The queue was closed (shutdown, or the session ended): stop.
    Closed,
}

impl Outbox {
    /// An empty queue that holds at most `monitor_capacity` (1..) monitoring frames.
    pub fn new(monitor_capacity: usize) -> Self {
        Self {
            queues: Mutex::new(Queues::default()),
            monitor_capacity: monitor_capacity.max(1),
            ready: Notify::new(),
        }
    }

    fn queues(&self) -> std::sync::MutexGuard<'_, Queues> {
        self.queues.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a reply, state change or event. Returns false (and marks the client
    /// overflowed) when [`CONTROL_CAPACITY`] messages are already waiting.
    pub fn push_control(&self, m: Message) -> bool {
        let mut q = self.queues();
        if q.closed {
            return false;
        }
        if q.control.len() >= CONTROL_CAPACITY {
            q.overflowed = true;
            drop(q);
            self.ready.notify_one();
            return false;
        }
        q.control.push_back(m);
        drop(q);
        self.ready.notify_one();
        true
    }

    /// Queues a monitoring frame, dropping the oldest one if the queue is full.
    pub fn push_monitor(&self, item: MonitorItem) {
        let mut q = self.queues();
        if q.closed {
            return;
        }
        if q.monitor.len() >= self.monitor_capacity {
            q.monitor.pop_front();
            q.dropped += 1;
        }
        q.monitor.push_back(item);
        drop(q);
        self.ready.notify_one();
    }

    /// Monitoring frames dropped so far because the client was slow.
    pub fn dropped(&self) -> u64 {
        self.queues().dropped
    }

    /// Whether the client let too many control messages pile up.
    pub fn overflowed(&self) -> bool {
        self.queues().overflowed
    }

    /// Stops the queue: the writer gets [`Next::Closed`] once what is queued is sent
    /// (`drain`) or at once.
    pub fn close(&self, drain: bool) {
        let mut q = self.queues();
        q.closed = true;
        if !drain {
            q.control.clear();
            q.monitor.clear();
        }
        drop(q);
        self.ready.notify_one();
    }

    /// Waits for something to send: control messages first (in order), then the
    /// oldest monitoring frame.
    pub async fn next(&self) -> Next {
        loop {
            {
                let mut q = self.queues();
                if q.overflowed {
                    return Next::Closed;
                }
                if !q.control.is_empty() {
                    return Next::Send(q.control.drain(..).collect());
                }
                if let Some(item) = q.monitor.pop_front() {
                    return Next::Send(item.json.into_iter().chain(item.spectrum).collect());
                }
                if q.closed {
                    return Next::Closed;
                }
            }
            self.ready.notified().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Message {
        Message::Text(s.into())
    }

    fn frame(n: u32) -> MonitorItem {
        MonitorItem {
            json: Some(text(&n.to_string())),
            spectrum: Some(Message::Binary(vec![n as u8].into())),
        }
    }

    fn sent(n: Next) -> Vec<Message> {
        match n {
            Next::Send(v) => v,
            Next::Closed => panic!("closed"),
        }
    }

    #[tokio::test]
    async fn control_goes_first_and_a_full_monitor_queue_drops_the_oldest() {
        let o = Outbox::new(2);
        for n in 0..5 {
            o.push_monitor(frame(n));
        }
        assert!(o.push_control(text("ack")));
        assert_eq!(sent(o.next().await), vec![text("ack")]);
        // Frames 0..=2 were dropped; 3 and 4 remain, each with its spectrum.
        assert_eq!(o.dropped(), 3);
        assert_eq!(
            sent(o.next().await),
            vec![text("3"), Message::Binary(vec![3u8].into())]
        );
        assert_eq!(sent(o.next().await)[0], text("4"));
        o.close(true);
        assert!(matches!(o.next().await, Next::Closed));
        assert!(!o.push_control(text("late")));
    }

    #[tokio::test]
    async fn too_many_control_messages_overflow_the_client() {
        let o = Outbox::new(1);
        for _ in 0..CONTROL_CAPACITY {
            assert!(o.push_control(text("x")));
        }
        assert!(!o.overflowed());
        assert!(!o.push_control(text("one too many")));
        assert!(o.overflowed());
        assert!(matches!(o.next().await, Next::Closed));
    }

    #[tokio::test]
    async fn a_waiting_writer_wakes_on_push() {
        let o = std::sync::Arc::new(Outbox::new(4));
        let w = tokio::spawn({
            let o = o.clone();
            async move { sent(o.next().await) }
        });
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        o.push_monitor(frame(9));
        assert_eq!(w.await.unwrap()[0], text("9"));
    }
}
