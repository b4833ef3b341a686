//! `vortex serve` end to end: the demo starts, serves its UI, API and WebSocket, shows
//! moving meters, prints the token off loopback once, and stops cleanly on SIGTERM.

use futures_util::{SinkExt, StreamExt};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

/// A running `vortex serve` and the lines of its stderr.
struct Serve {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Serve {
    fn start(args: &[&str], config_home: &Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vortex"))
            .arg("serve")
            .args(args)
            .env("XDG_CONFIG_HOME", config_home)
            .env("HOME", config_home)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("run vortex serve");
        let (tx, lines) = mpsc::channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for l in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(l);
            }
        });
        Serve {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a stderr line containing `what`.
    fn line(&mut self, what: &str) -> String {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(l) => {
                    self.seen.push(l.clone());
                    if l.contains(what) {
                        return l;
                    }
                }
                Err(_) => panic!(
                    "no \"{what}\" from vortex serve; it said:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// The address from "web UI at http://ADDR/".
    fn addr(&mut self) -> SocketAddr {
        let l = self.line("web UI at http://");
        let a = l
            .split("http://")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap();
        a.parse().unwrap()
    }

    fn stop(mut self) -> (i32, Vec<String>) {
        // SAFETY: plain kill(2) on our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                self.seen.extend(self.lines.try_iter());
                return (s.code().unwrap_or(-1), self.seen);
            }
            assert!(
                std::time::Instant::now() < deadline,
                "did not stop within 10 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, out)
}

#[test]
fn the_demo_serves_ui_api_and_live_meters_and_stops_on_sigterm() {
    let home = tempfile::tempdir().unwrap();
    let mut serve = Serve::start(
        &["--demo", "--listen", "127.0.0.1:0", "--driver", "null"],
        home.path(),
    );
    let addr = serve.addr();
    let (s, body) = get(addr, "/api/health");
    assert_eq!(s, 200, "{body}");
    let (s, body) = get(addr, "/");
    assert_eq!(s, 200);
    assert!(body.contains("Vortex"), "{body}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (source, rms) = rt.block_on(async {
        let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws")).await.unwrap();
        let sub = r#"{"message_id":1,"timestamp":0,"payload":{"type":"set_monitoring","rate_hz":10,"streams":{"levels":true}}}"#;
        ws.send(Message::Text(sub.into())).await.unwrap();
        let (mut source, mut rms) = (String::new(), f64::MIN);
        let end = tokio::time::Instant::now() + Duration::from_secs(3);
        while let Ok(Some(Ok(Message::Text(t)))) = tokio::time::timeout_at(end, ws.next()).await {
            let v: serde_json::Value = serde_json::from_str(&t).unwrap();
            let p = &v["payload"];
            if p["type"] == "snapshot" {
                source = p["state"]["source"].as_str().unwrap().to_string();
            }
            if let Some(l) = p["levels"].as_array() {
                rms = rms.max(l[0]["rms_db"].as_f64().unwrap());
            }
        }
        (source, rms)
    });
    assert!(source.starts_with("demo programme"), "{source}");
    assert!(rms > -40.0, "the demo's meters move: {rms} dBFS");
    let (code, said) = serve.stop();
    assert_eq!(code, 0, "{}", said.join("\n"));
    assert!(
        said.iter().any(|l| l.contains("stopping")),
        "{}",
        said.join("\n")
    );
}

/// A test signal on every interface, through the null sink.
const OFF_LOOPBACK: &[&str] = &[
    "--generate",
    "sine",
    "--listen",
    "0.0.0.0:0",
    "--driver",
    "null",
];

#[test]
fn off_loopback_the_token_is_printed_once_and_required() {
    let home = tempfile::tempdir().unwrap();
    let mut first = Serve::start(OFF_LOOPBACK, home.path());
    let port = first.addr().port();
    let token_line = first.line("access token");
    let token = token_line.rsplit(' ').next().unwrap().to_string();
    let local: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    assert_eq!(get(local, "/api/version").0, 401);
    assert_eq!(get(local, &format!("/api/version?token={token}")).0, 200);
    assert_eq!(first.stop().0, 0);
    let mut second = Serve::start(OFF_LOOPBACK, home.path());
    second.addr();
    let l = second.line("access token");
    assert!(l.contains("clients need the access token stored in"), "{l}");
    assert!(!l.contains(&token), "printed only once");
    assert_eq!(second.stop().0, 0);
}
