//! Off loopback a token is required; without it WebSocket and API are refused.

mod support;

use std::net::SocketAddr;
use support::{Client, http, start_on};

/// The HTTP status of GET `path`.
async fn status(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> u16 {
    http(addr, "GET", path, None, headers).await.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn off_loopback_the_token_is_required_and_refused_without_it() {
    let t = start_on("0.0.0.0:0", |_| {}).await;
    assert!(t.server.requires_token());
    let token = t
        .server
        .created_token()
        .expect("created on first start")
        .to_string();
    let stored = std::fs::read_to_string(t.dir.path().join("config/token")).unwrap();
    assert_eq!(stored.trim(), token);
    let port = t.addr.port();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    // WebSocket: refused without or with a wrong token, accepted with it.
    for url in [
        format!("ws://{addr}/ws"),
        format!("ws://{addr}/ws?token=wrong"),
        format!("ws://{addr}/ws?token={}x", token),
    ] {
        let e = Client::connect_url(&url)
            .await
            .err()
            .unwrap_or_else(|| panic!("{url} accepted"));
        assert!(e.to_string().contains("401"), "{url}: {e}");
    }
    let mut c = Client::connect_url(&format!("ws://{addr}/ws?token={token}"))
        .await
        .unwrap();
    c.greeted().await;
    // API: the same, by query or bearer header; health stays open.
    let (s, b) = http(addr, "GET", "/api/version", None, &[]).await;
    assert_eq!(s, 401, "{b}");
    assert!(b.contains("unauthorized"), "{b}");
    assert_eq!(status(addr, "/metrics", &[]).await, 401);
    let bearer = format!("Bearer {token}");
    assert_eq!(
        status(addr, "/api/version", &[("Authorization", &bearer)]).await,
        200
    );
    assert_eq!(
        status(addr, &format!("/api/version?token={token}"), &[]).await,
        200
    );
    assert_eq!(status(addr, "/api/health", &[]).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loopback_is_open_by_default_and_the_token_is_kept_across_starts() {
    let t = start_on("127.0.0.1:0", |_| {}).await;
    assert!(!t.server.requires_token());
    assert_eq!(status(t.addr, "/api/version", &[]).await, 200);
    // require_token closes loopback too; a second start reuses the stored token.
    let dir = t.dir.path().join("config");
    let first = start_on("127.0.0.1:0", |o| {
        o.server.require_token = true;
        o.config_dir = dir.clone();
    })
    .await;
    let token = first.server.created_token().unwrap().to_string();
    let second = start_on("127.0.0.1:0", |o| {
        o.server.require_token = true;
        o.config_dir = dir.clone();
    })
    .await;
    assert!(second.server.created_token().is_none(), "printed only once");
    assert_eq!(status(second.addr, "/api/version", &[]).await, 401);
    assert_eq!(
        status(second.addr, &format!("/api/version?token={token}"), &[]).await,
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_token_pages_from_other_sites_are_refused() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let t = start_on("127.0.0.1:0", |_| {}).await;
    let ws = |origin: &str| {
        let mut req = format!("ws://{}/ws", t.addr).into_client_request().unwrap();
        req.headers_mut().insert("Origin", origin.parse().unwrap());
        tokio_tungstenite::connect_async(req)
    };
    // A page of another site, through the user's browser: refused.
    let Err(e) = ws("https://evil.example").await else {
        panic!("a page of another site was accepted")
    };
    assert!(e.to_string().contains("403"), "{e}");
    // The server's own page (or another local one) is fine.
    for origin in [format!("http://{}", t.addr), "http://localhost:8717".into()] {
        ws(&origin)
            .await
            .unwrap_or_else(|e| panic!("{origin}: {e}"));
    }
    // DNS rebinding: a foreign Host name is refused, a loopback one accepted.
    let host = [("Host", "evil.example:8717")];
    assert_eq!(status(t.addr, "/api/version", &host).await, 403);
    assert_eq!(
        status(t.addr, "/api/version", &[("Host", "localhost:8717")]).await,
        200
    );
}
