//! Vortex server: the engine over HTTP and WebSocket.
//!
//! Only this crate owns sockets (see ARCHITECTURE.md).
//!
//! - [`server`] binds, routes, checks the token, pushes state and events, shuts down;
//! - [`session`] is one WebSocket client: parse, rate-limit, dispatch, reply;
//! - [`control`] applies commands to the engine and tells when its state changed;
//! - [`hub`] is the set of connected clients, under the client limit;
//! - [`fanout`] sends monitoring frames to each client at its own rate;
//! - [`outbox`] is a client's bounded send queue (drops the oldest monitor frame);
//! - [`rest`] is the `/api/` routes and Prometheus `/metrics`;
//! - [`presets`], [`files`], [`token`], [`rate_limit`]: what those routes and the
//!   sessions rely on;
//! - [`assets`] is the web UI, embedded in the binary.

#![warn(missing_docs)]

pub mod assets;
pub mod atomic_write;
pub mod control;
pub mod fanout;
pub mod files;
pub mod hub;
pub mod outbox;
pub mod presets;
pub mod rate_limit;
pub mod rest;
pub mod server;
pub mod session;
pub mod token;
pub mod ui_api;
pub mod ui_prefs;

pub use server::{Server, ServerError, ServerOptions, runtime};
