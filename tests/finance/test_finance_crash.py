"""kill -9 in the middle of a workflow transition leaves consistent data (real processes, real signals).

The bank's approval is paused after the state change, the decision, the loan and the audit
event were written inside the transaction, and the process is killed there: afterwards the
application is as it was, nothing of the approval exists, the audit chain verifies, and the
same approval then succeeds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SCENARIO = Path(__file__).with_name("crash_scenario.py")


def _run(home: Path, step: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(SCENARIO), step],
        env={**os.environ, "GDIP_HOME": str(home), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _done(home: Path, step: str) -> dict:
    proc = _run(home, step)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def test_kill_during_an_approval_leaves_the_application_as_it_was(tmp_path):
    home = tmp_path / "home"
    _done(home, "setup")
    before = _done(home, "inspect")
    assert before["state"] == "shared" and before["decisions"] == before["loans"] == 0 and before["chain_ok"]

    marker = tmp_path / "reached"
    proc = _run(home, "approve", GDIP_FAULT_PAUSE="transition_before_commit", GDIP_FAULT_MARKER=str(marker))
    deadline = time.time() + 120
    while not marker.exists() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.1)
    assert marker.exists(), (
        proc.stderr.read() if proc.stderr else "the approval did not reach the fault point"
    )
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    after = _done(home, "inspect")
    assert after == before
    _done(home, "approve")
    approved = _done(home, "inspect")
    assert approved["state"] == "approved" and approved["decisions"] == approved["loans"] == 1
    assert approved["approve_events"] == 1 and approved["chain_ok"]
