"""Real servers for end-to-end tests: a free loopback port and `gdip serve` (gunicorn) until ready."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator

__all__ = ["GDIP", "free_port", "gdip_server"]

GDIP = [sys.executable, "-m", "gdip.cli.main"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def gdip_server(env: dict[str, str], *, workers: int = 2, timeout: float = 60) -> Iterator[str]:
    """Run `gdip serve` with this environment; yields the base URL once the API answers."""
    port = free_port()
    # The access log goes to a file: a pipe nobody reads would fill up and stall the server.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [*GDIP, "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + timeout
        while True:
            try:
                urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=2)
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    proc.kill()
                    proc.wait(timeout=30)
                    log.seek(0)
                    output = log.read().decode("utf-8", "replace")
                    raise RuntimeError(f"gdip serve did not start: {output[-2000:]}") from None
                time.sleep(0.3)
        try:
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=30)
