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

/// The request's `message_id`, if the text is JSON of at most `limit` bytes with a
/// usable one (so that even an error about another field can be matched to its
/// request). Nothing but the id is kept while reading.
fn request_id(bytes: &[u8], limit: usize) -> u64 {
    #[derive(serde::Deserialize)]
    struct Id {
        message_id: Option<u64>,
        #[serde(flatten)]
        _rest: serde::de::IgnoredAny,
    }
    if bytes.len() > limit {
        return 0;
    }
    serde_json::from_slice::<Id>(bytes)
        .ok()
        .and_then(|v| v.message_id)
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

/// Queues what a new client sees first: `welcome`, the state, the driver notices.
fn greet(app: &App, id: u64, outbox: &Outbox) {
    let send = |m: ServerMessage| outbox.push_control(text(&MessageEnvelope::push(m)));
    send(welcome(
        app,
        id,
        app.options.server.monitor_rate_hz.round() as u32,
    ));
    send(ServerMessage::Snapshot {
        state: app.control.state(),
    });
    for n in &app.notices {
        send(ServerMessage::Event {
            event: EngineEvent::DriverFallback { message: n.clone() },
        });
    }
}

/// The `welcome` message for client `id`.
fn welcome(app: &App, id: u64, monitor_rate_hz: u32) -> ServerMessage {
    ServerMessage::Welcome {
        protocol_version: PROTOCOL_VERSION,
        server_version: env!("CARGO_PKG_VERSION").to_string(),
        client_id: id,
        max_message_bytes: app.options.server.max_message_bytes as u32,
        monitor_rate_hz,
    }
}

/// Runs one client's session on `socket`.
pub async fn run(socket: WebSocket, app: Arc<App>) {
    let (mut tx, mut rx) = socket.split();
    let greet = |id: u64, outbox: &Outbox| greet(&app, id, outbox);
    let (id, outbox) = match app.hub.join(greet) {
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
    let fan = tokio::spawn(fanout::run(
        app.frames.clone(),
        outbox.clone(),
        session.subscription.subscribe(),
    ));
    let mut check = tokio::time::interval(OVERFLOW_CHECK);
    let mut closing = app.closing.clone();
    loop {
        tokio::select! {
            m = rx.next() => match m {
                Some(Ok(Message::Text(t))) => session.receive(t.as_bytes()),
                Some(Ok(Message::Binary(_))) => {
                    if session.take_token(0) {
                        session.reply_error(
                            0,
                            ProtocolError::new(
                                ErrorCode::InvalidMessage,
                                "binary messages are not accepted; send JSON text",
                            ),
                        );
                    }
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
            },
            _ = &mut writer => break,
            _ = closing.wait_for(|c| *c) => break,
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
        welcome(&self.app, self.id, self.subscription.borrow().rate_hz)
    }

    fn reply_error(&self, request: u64, err: ProtocolError) {
        self.app.counters.error(err.code);
        self.send(&MessageEnvelope::reply(request, ServerMessage::Error(err)));
    }

    /// Takes a token from the client's bucket; false (after telling the client, in a
    /// reply to `request`) when it is empty.
    fn take_token(&mut self, request: u64) -> bool {
        self.app.counters.message();
        let Err(limited) = self.bucket.try_take(Instant::now()) else {
            return true;
        };
        let s = &self.app.options.server;
        let err = ProtocolError::new(
            ErrorCode::RateLimited,
            format!(
                "too many commands; retry in {:.0} ms",
                limited.retry_after_s * 1000.0
            ),
        )
        .limit(format!("{}/s, burst {}", s.command_rate, s.command_burst));
        self.reply_error(request, err);
        false
    }

    fn receive(&mut self, bytes: &[u8]) {
        let limit = self.app.limits.max_message_bytes;
        if !self.take_token(request_id(bytes, limit)) {
            return;
        }
        match parse_client(bytes, &self.app.limits) {
            Ok(env) => self.handle(env),
            Err(err) => self.reply_error(request_id(bytes, limit), err),
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
            // Pipeline and playlist work reads files and builds filters: off the
            // runtime's worker, so other clients keep their frames meanwhile.
            payload => match tokio::task::block_in_place(|| self.app.control.apply(payload)) {
                Ok(r) => r.into(),
                Err(err) => return self.reply_error(id, err),
            },
        };
        self.send(&MessageEnvelope::reply(id, reply));
        let changes_state = !matches!(
            env.payload,
            ClientMessage::Hello { .. }
                | ClientMessage::GetState
                | ClientMessage::Ping
                | ClientMessage::SetMonitoring { .. }
                | ClientMessage::ValidatePipeline { .. }
        );
        self.app.publish(changes_state.then_some(self.id));
    }
}
