//! One WebSocket client, from greeting to goodbye.
//!
//! On connect the client gets `welcome` and a full `snapshot` (and the driver notices
//! given at start, as events). Each text message is then rate-limited (token bucket),
//! parsed and validated (`vortex_protocol::parse_client`), and applied; the reply
//! carries the request's `message_id`. An invalid message gets an `error` and the
//! connection stays open. A state change caused by any client is pushed to all.
//!
//! The socket is written by its own task from the client's [`Outbox`], so a client
//! that stops reading only fills (and then loses) its own queue.

use crate::fanout::{self, Subscription};
use crate::outbox::{Next, Outbox};
use crate::rate_limit::TokenBucket;
use crate::server::App;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use vortex_protocol::{
    ClientEnvelope, ClientMessage, EngineEvent, ErrorCode, MAX_MESSAGE_ID, MessageEnvelope,
    PROTOCOL_VERSION, ProtocolError, ServerEnvelope, ServerMessage, StreamSet, parse_client,
};

/// How often a session checks that its client keeps up.
const OVERFLOW_CHECK: Duration = Duration::from_millis(250);

/// A server message as a WebSocket text frame.
pub fn text(env: &ServerEnvelope) -> Message {
    Message::Text(
        serde_json::to_string(env)
            .expect("server messages serialise")
            .into(),
    )
}

/// The request's `message_id`, if the text is JSON with a usable one (so that even an
/// error about another field can be matched to its request).
fn request_id(bytes: &[u8]) -> u64 {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|v| v.get("message_id").and_then(serde_json::Value::as_u64))
        .filter(|id| (1..=MAX_MESSAGE_ID).contains(id))
        .unwrap_or(0)
}

/// Drains `outbox` into the socket until it closes or the socket fails.
async fn write(mut tx: SplitSink<WebSocket, Message>, outbox: Arc<Outbox>) {
    loop {
        match outbox.next().await {
            Next::Send(messages) => {
                for m in messages {
                    if tx.feed(m).await.is_err() {
                        return;
                    }
                }
                if tx.flush().await.is_err() {
                    return;
                }
            }
            Next::Closed => {
                let _ = tx
                    .send(Message::Close(Some(CloseFrame {
                        code: 1001,
                        reason: "server closing".into(),
                    })))
                    .await;
                return;
            }
        }
    }
}

/// Runs one client's session on `socket`.
pub async fn run(socket: WebSocket, app: Arc<App>) {
    let (mut tx, mut rx) = socket.split();
    let (id, outbox) = match app.hub.join() {
        Ok(joined) => joined,
        Err(full) => {
            let err = ProtocolError::new(
                ErrorCode::TooManyClients,
                format!(
                    "the server takes at most {} clients; try again later",
                    full.max_clients
                ),
            )
            .limit(full.max_clients.to_string());
            let _ = tx
                .send(text(&MessageEnvelope::push(ServerMessage::Error(err))))
                .await;
            let _ = tx
                .send(Message::Close(Some(CloseFrame {
                    code: 1013,
                    reason: "too many clients".into(),
                })))
                .await;
            tracing::warn!("refused a client: {} connected", full.max_clients);
            return;
        }
    };
    tracing::info!(client = id, "client connected");
    let mut writer = tokio::spawn(write(tx, outbox.clone()));
    let mut session = Session {
        id,
        outbox: outbox.clone(),
        bucket: TokenBucket::new(
            app.options.server.command_rate,
            app.options.server.command_burst,
            Instant::now(),
        ),
        subscription: watch::channel(Subscription {
            rate_hz: app.options.server.monitor_rate_hz.round() as u32,
            streams: StreamSet::default(),
        })
        .0,
        app: app.clone(),
    };
    session.greet();
    let fan = tokio::spawn(fanout::run(
        app.frames.clone(),
        outbox.clone(),
        session.subscription.subscribe(),
    ));
    let mut check = tokio::time::interval(OVERFLOW_CHECK);
    loop {
        tokio::select! {
            m = rx.next() => match m {
                Some(Ok(Message::Text(t))) => session.receive(t.as_bytes()),
                Some(Ok(Message::Binary(_))) => session.reply_error(
                    0,
                    ProtocolError::new(
                        ErrorCode::InvalidMessage,
                        "binary messages are not accepted; send JSON text",
                    ),
                ),
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
            },
            _ = &mut writer => break,
            _ = check.tick() => {
                if outbox.overflowed() {
                    tracing::warn!(client = id, "client fell too far behind; disconnecting");
                    break;
                }
            }
        }
    }
    app.hub.leave(id);
    outbox.close(false);
    fan.abort();
    writer.abort();
    tracing::info!(client = id, "client disconnected");
}

/// A connected client's state.
struct Session {
    id: u64,
    outbox: Arc<Outbox>,
    bucket: TokenBucket,
    subscription: watch::Sender<Subscription>,
    app: Arc<App>,
}

impl Session {
    fn send(&self, env: &ServerEnvelope) {
        self.outbox.push_control(text(env));
    }

    fn welcome(&self) -> ServerMessage {
        ServerMessage::Welcome {
            protocol_version: PROTOCOL_VERSION,
            server_version: env!("CARGO_PKG_VERSION").to_string(),
            client_id: self.id,
            max_message_bytes: self.app.options.server.max_message_bytes as u32,
            monitor_rate_hz: self.subscription.borrow().rate_hz,
        }
    }

    fn greet(&self) {
        self.send(&MessageEnvelope::push(self.welcome()));
        self.send(&MessageEnvelope::push(ServerMessage::Snapshot {
            state: self.app.control.state(),
        }));
        for n in &self.app.notices {
            self.send(&MessageEnvelope::push(ServerMessage::Event {
                event: EngineEvent::DriverFallback { message: n.clone() },
            }));
        }
    }

    fn reply_error(&self, request: u64, err: ProtocolError) {
        self.app.counters.error(err.code);
        self.send(&MessageEnvelope::reply(request, ServerMessage::Error(err)));
    }

    fn receive(&mut self, bytes: &[u8]) {
        self.app.counters.message();
        if let Err(limited) = self.bucket.try_take(Instant::now()) {
            let s = &self.app.options.server;
            let err = ProtocolError::new(
                ErrorCode::RateLimited,
                format!(
                    "too many commands; retry in {:.0} ms",
                    limited.retry_after_s * 1000.0
                ),
            )
            .limit(format!("{}/s, burst {}", s.command_rate, s.command_burst));
            return self.reply_error(request_id(bytes), err);
        }
        match parse_client(bytes, &self.app.limits) {
            Ok(env) => self.handle(env),
            Err(err) => self.reply_error(request_id(bytes), err),
        }
    }

    fn handle(&mut self, env: ClientEnvelope) {
        let id = env.message_id;
        let reply = match &env.payload {
            ClientMessage::Hello {
                protocol_version, ..
            } if *protocol_version != PROTOCOL_VERSION => {
                return self.reply_error(
                    id,
                    ProtocolError::new(
                        ErrorCode::UnsupportedVersion,
                        format!("this server speaks protocol version {PROTOCOL_VERSION}"),
                    )
                    .at("payload.protocol_version")
                    .value(protocol_version.to_string())
                    .limit(PROTOCOL_VERSION.to_string()),
                );
            }
            ClientMessage::Hello { .. } => self.welcome(),
            ClientMessage::SetMonitoring { rate_hz, streams } => {
                self.subscription.send_replace(Subscription {
                    rate_hz: *rate_hz,
                    streams: *streams,
                });
                ServerMessage::Ack
            }
            payload => match self.app.control.apply(payload) {
                Ok(r) => r.into(),
                Err(err) => return self.reply_error(id, err),
            },
        };
        self.send(&MessageEnvelope::reply(id, reply));
        self.app.publish(Some(self.id));
    }
}
