"""Run a command as a child process and measure wall time and peak RSS of its whole process tree."""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from dataclasses import dataclass

import psutil

__all__ = ["Measured", "run_measured"]


@dataclass
class Measured:
    seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str
    returncode: int


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        total += proc.memory_info().rss
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
    except psutil.Error:
        pass
    return total


def run_measured(args: list[str], env: dict[str, str] | None = None, timeout: float = 3600) -> Measured:
    """Run args; sample the summed RSS of the process and its children every 20 ms."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    ps = psutil.Process(proc.pid)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(ps))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate(timeout=timeout)
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    return Measured(elapsed, peak / 1e6, out, err, proc.returncode)
