//! The harness's own promises, where a broken one would go unnoticed: every
//! other test would still pass.

use std::sync::mpsc;

use crate::common::{PostgresDatabase, TestBackend, TestServer};

/// A test that panics midway still drops its PostgreSQL database. The test
/// runs as a failing `#[tokio::test]` does: on a thread of its own, in a
/// runtime of its own, panicking while it holds its server.
#[test]
fn a_panicking_test_leaves_no_postgresql_database_behind() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let (send_name, names) = mpsc::channel();
    let failing_test = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let server = TestServer::start(TestBackend::Postgres).await;
            server.sign_up("ada").await;
            let name = server
                .postgres_database()
                .expect("a PostgreSQL server")
                .to_owned();
            assert!(PostgresDatabase::exists(&name).await, "{name} is created");
            send_name.send(name).expect("the name is received");
            panic!("a test failing on purpose while it holds its server");
        });
    });
    assert!(failing_test.join().is_err(), "the test panicked");
    let name = names.recv().expect("the database's name");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    assert!(
        !runtime.block_on(PostgresDatabase::exists(&name)),
        "the failed test left {name} behind"
    );
}
