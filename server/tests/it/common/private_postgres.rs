//! A PostgreSQL cluster of a test's own, in a temporary folder on a free
//! port, for the tests that stop, hang or break their database: never the
//! shared server other tests use.
//!
//! A cluster can also be a primary with a streaming replica of its own
//! ([`PrivateCluster::start_primary`], [`PrivateCluster::start_replica`]),
//! for the tests of replicas and failover.
//!
//! The programs come from `LABELWELL_TEST_PG_BIN`, or the newest
//! `/usr/lib/postgresql/*/bin`. PostgreSQL refuses to run as root: as root,
//! they run as the `postgres` user, which owns the folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A private cluster, stopped and removed when dropped.
pub struct PrivateCluster {
    folder: tempfile::TempDir,
    port: u16,
    bin: PathBuf,
    as_postgres: bool,
}

impl PrivateCluster {
    /// Creates a cluster (trust authentication, superuser `postgres`) and starts it.
    pub fn start() -> PrivateCluster {
        let cluster = PrivateCluster::empty();
        cluster.init();
        cluster.start_again();
        cluster
    }

    /// Creates a cluster that streaming replicas can follow (WAL for a
    /// replica, WAL senders, replication connections from 127.0.0.1
    /// trusted) and starts it. With `synchronous`, a commit returns only once
    /// a replica has it: every acknowledged write survives the primary.
    pub fn start_primary(synchronous: bool) -> PrivateCluster {
        let cluster = PrivateCluster::empty();
        cluster.init();
        let mut settings = String::from("wal_level = replica\nmax_wal_senders = 4\n");
        if synchronous {
            settings.push_str("synchronous_standby_names = '*'\nsynchronous_commit = on\n");
        }
        cluster.append("postgresql.conf", &settings);
        cluster.append(
            "pg_hba.conf",
            "host replication postgres 127.0.0.1/32 trust\n",
        );
        cluster.start_again();
        cluster
    }

    /// A streaming replica of this primary: a base backup of it
    /// (`pg_basebackup -R -X stream`) in a folder of its own, started on
    /// another port, following the primary from then on.
    pub fn start_replica(&self) -> PrivateCluster {
        let replica = PrivateCluster::empty();
        let port = self.port.to_string();
        replica.pg(
            "pg_basebackup",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "-U",
                "postgres",
                "-D",
                &replica.data(),
                "-R",
                "-X",
                "stream",
                "--no-sync",
            ],
        );
        // The primary's settings came with the backup: a promoted replica
        // must not wait for a standby of its own before each commit returns.
        replica.append("postgresql.conf", "synchronous_standby_names = ''\n");
        replica.start_again();
        replica
    }

    /// Promotes this replica to a primary that takes writes, waiting until it does.
    pub fn promote(&self) {
        self.pg("pg_ctl", &["-D", &self.data(), "-w", "-t", "60", "promote"]);
    }

    /// A cluster not yet created: its folder, owned by the user that runs
    /// PostgreSQL, and a free port.
    fn empty() -> PrivateCluster {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let as_postgres = run(Command::new("id").arg("-u")).stdout.trim_ascii() == b"0";
        if as_postgres {
            run(Command::new("chown").arg("postgres:").arg(folder.path()));
        }
        PrivateCluster {
            port: free_port(),
            bin: postgres_bin(),
            as_postgres,
            folder,
        }
    }

    /// Appends `text` to one of the cluster's configuration files.
    fn append(&self, file: &str, text: &str) {
        use std::io::Write as _;
        let path = Path::new(&self.data()).join(file);
        let mut config = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        config
            .write_all(text.as_bytes())
            .expect("the setting is written");
    }

    /// Creates the cluster's files (`initdb`).
    fn init(&self) {
        self.pg(
            "initdb",
            &[
                "-D",
                &self.data(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
            ],
        );
    }

    /// The URL of its `postgres` database.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops it as a crash would (`pg_ctl stop -m immediate`): every
    /// connection is cut at once.
    pub fn stop_immediately(&self) {
        self.pg(
            "pg_ctl",
            &["-D", &self.data(), "-m", "immediate", "-w", "stop"],
        );
    }

    /// Starts it (again), waiting until it accepts connections.
    pub fn start_again(&self) {
        let settings = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c fsync=off",
            self.port,
            self.folder.path().display()
        );
        let log = self.folder.path().join("log");
        self.pg(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &settings,
                "-l",
                &log.display().to_string(),
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
    }

    fn data(&self) -> String {
        self.folder.path().join("data").display().to_string()
    }

    fn pg(&self, program: &str, args: &[&str]) -> Output {
        run(self.command(program).args(args))
    }

    /// One of PostgreSQL's programs, run as the owner of the folder.
    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        let mut command = match self.as_postgres {
            true => {
                let mut command = Command::new("runuser");
                command.args(["-u", "postgres", "--"]).arg(&program);
                command
            }
            false => Command::new(&program),
        };
        command.current_dir(self.folder.path());
        command
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        let data = self.data();
        let args = ["-D", data.as_str(), "-m", "immediate", "-w", "stop"];
        // Already stopped by the test, perhaps: nothing to report then.
        let _ = self.command("pg_ctl").args(args).output();
    }
}

/// The folder of PostgreSQL's programs.
fn postgres_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("LABELWELL_TEST_PG_BIN") {
        return PathBuf::from(bin);
    }
    let versions = std::fs::read_dir("/usr/lib/postgresql").expect("PostgreSQL's programs");
    versions
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let version: u32 = entry.file_name().to_str()?.parse().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, bin)| Path::new(bin).join("pg_ctl").exists())
        .max()
        .map(|(_, bin)| bin)
        .expect("a PostgreSQL under /usr/lib/postgresql (or set LABELWELL_TEST_PG_BIN)")
}

/// A port nothing listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// Runs `command`, panicking with its output when it fails.
fn run(command: &mut Command) -> Output {
    let output = command.output().expect("the program runs");
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
