"""A `labelwell serve` on a fresh SQLite database in a temporary directory, for
the contract's checks: `with Served(binary) as server: server.base_url`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Served:
    """The server process, started on entry and stopped (its directory removed) on exit."""

    def __init__(self, binary: Path, env: dict[str, str] | None = None) -> None:
        self.binary = binary
        self.extra_env = env or {}
        self.workdir = Path(tempfile.mkdtemp(prefix="labelwell-contract-"))
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Served:
        env = dict(os.environ)
        env.update(
            LABELWELL_DATABASE_URL=f"sqlite://{self.workdir / 'labelwell.db'}",
            LABELWELL_BIND=f"127.0.0.1:{self.port}",
            LABELWELL_LOG="warn",
        )
        env.update(self.extra_env)
        with open(self.workdir / "server.log", "wb") as log:
            self.process = subprocess.Popen(
                [str(self.binary), "serve"], cwd=self.workdir, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.logs()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/readyz", timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not become ready:\n{self.logs()}")

    def logs(self) -> str:
        return (self.workdir / "server.log").read_text(errors="replace")[-4000:]

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)
