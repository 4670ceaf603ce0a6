//! The `labelwell` binary as an operator runs it: what it writes to its logs.

use std::process::{Child, Command, Stdio};

/// Starts `labelwell serve` against a database that refuses connections (port
/// 1): it logs its configuration, fails to connect, and says where it tried.
fn serve(database_url: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_labelwell"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("LABELWELL_DATABASE_URL", database_url)
        .env("LABELWELL_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs")
}

#[test]
fn the_database_password_never_reaches_the_logs_wherever_the_url_holds_it() {
    let urls = [
        "postgres://labelwell:hunter2@127.0.0.1:1/labelwell",
        "postgres://labelwell@127.0.0.1:1/labelwell?password=hunter2",
        "postgres://labelwell@127.0.0.1:1/labelwell?sslmode=disable&password=hunter2",
    ];
    // Each waits for its connection attempts to time out: side by side.
    let servers: Vec<Child> = urls.iter().map(|url| serve(url)).collect();
    for (url, server) in urls.iter().zip(servers) {
        let output = server.wait_with_output().expect("the binary ends");
        assert!(
            !output.status.success(),
            "serve cannot start without its database"
        );
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        assert!(
            !text.contains("hunter2"),
            "the password of {url} is in the output:\n{text}"
        );
        assert!(
            text.contains("127.0.0.1:1/labelwell"),
            "the output names the database without its password:\n{text}"
        );
    }
}

/// An OTLP endpoint this build cannot reach (https: no TLS is built in) is
/// refused at start, naming the variable, and its password stays hidden.
#[test]
fn an_https_trace_endpoint_is_refused_at_start_without_its_password() {
    let output = Command::new(env!("CARGO_BIN_EXE_labelwell"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("LABELWELL_DATABASE_URL", "sqlite::memory:")
        .env(
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "https://tracer:hunter2@collector.example:4318",
        )
        .output()
        .expect("the binary runs");
    assert!(!output.status.success(), "serve refuses the endpoint");
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("OTEL_EXPORTER_OTLP_ENDPOINT"), "{text}");
    assert!(text.contains("http://"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}
