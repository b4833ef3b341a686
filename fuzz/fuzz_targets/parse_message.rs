//! Fuzzes the parsing of client messages: any bytes must give a message or an error,
//! never a panic, and a parsed message must survive writing it back and parsing again.
//!
//! Run from the repository root (needs `cargo install cargo-fuzz` and a nightly toolchain):
//! `cargo +nightly fuzz run parse_message`

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vortex_protocol::fuzz_one(data);
});
