//! A PostgreSQL cluster of a test's own, in a temporary folder on a free
//! port, for the tests that stop, hang or break their database: never the
//! shared server other tests use.
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
        let folder = tempfile::tempdir().expect("a temporary folder");
        let as_postgres = run(Command::new("id").arg("-u")).stdout.trim_ascii() == b"0";
        if as_postgres {
            run(Command::new("chown").arg("postgres:").arg(folder.path()));
        }
        let cluster = PrivateCluster {
            port: free_port(),
            bin: postgres_bin(),
            as_postgres,
            folder,
        };
        cluster.pg(
            "initdb",
            &[
                "-D",
                &cluster.data(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
            ],
        );
        cluster.start_again();
        cluster
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
