//! Off loopback a token is required; without it WebSocket and API are refused.

mod support;

use support::{Client, http, start_on};

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
    let (s, _) = http(addr, "GET", "/metrics", None, &[]).await;
    assert_eq!(s, 401);
    let bearer = format!("Bearer {token}");
    let (s, _) = http(
        addr,
        "GET",
        "/api/version",
        None,
        &[("Authorization", &bearer)],
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = http(
        addr,
        "GET",
        &format!("/api/version?token={token}"),
        None,
        &[],
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = http(addr, "GET", "/api/health", None, &[]).await;
    assert_eq!(s, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loopback_is_open_by_default_and_the_token_is_kept_across_starts() {
    let t = start_on("127.0.0.1:0", |_| {}).await;
    assert!(!t.server.requires_token());
    let (s, _) = http(t.addr, "GET", "/api/version", None, &[]).await;
    assert_eq!(s, 200);
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
    let (s, _) = http(second.addr, "GET", "/api/version", None, &[]).await;
    assert_eq!(s, 401);
    let (s, _) = http(
        second.addr,
        "GET",
        &format!("/api/version?token={token}"),
        None,
        &[],
    )
    .await;
    assert_eq!(s, 200);
}
