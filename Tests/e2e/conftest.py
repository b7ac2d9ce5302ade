"""Starts the real `tavolo` binary on a free port for tests over real sockets."""
import json
import os
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("TAVOLO_BINARY", ROOT / ".build" / "debug" / "tavolo"))
# Runs every server with its tables sharded over this many engine workers (scripts/test.sh
# reruns the live-table, crash and shutdown tests so); unset: the default.
ENGINE_WORKERS = os.environ.get("TAVOLO_E2E_ENGINE_WORKERS")


class Server:
    def __init__(self, *args, env=None, cwd=None, data_directory=None):
        self.data_directory = data_directory or tempfile.mkdtemp(prefix="tavolo-e2e-")
        data_directory = self.data_directory
        # Protocol tests speak as guests unless they ask for invitations.
        auth = [] if "--authentication" in args else ["--authentication", "open"]
        workers = ["--engine-workers", ENGINE_WORKERS] if ENGINE_WORKERS and "--engine-workers" not in args else []
        self.args = [
            str(BINARY), "serve", "--port", "0", "--web-root", str(ROOT / "web"), "--data-directory", data_directory,
            *auth, *workers, *args,
        ]
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("TAVOLO_")}
        full_env.update(env or {})
        self.process = subprocess.Popen(
            self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env, cwd=cwd or ROOT, text=True
        )
        line = self.process.stdout.readline()
        if not line.startswith("Tavolo listening on "):
            self.process.kill()
            raise RuntimeError(f"server did not start: {line!r} {self.process.stderr.read()}")
        self.url = line.strip().removeprefix("Tavolo listening on ")
        self.port = int(self.url.rsplit(":", 1)[1])
        self.ws_url = f"ws://127.0.0.1:{self.port}/ws"

    def health(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5) as response:
            return json.load(response)

    def wait_for(self, predicate, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.05)
        return False

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def server():
    instance = Server("--relay", "true")
    yield instance
    instance.stop()


@pytest.fixture
def start_server():
    started = []

    def start(*args, env=None):
        instance = Server(*args, env=env)
        started.append(instance)
        return instance

    yield start
    for instance in started:
        instance.stop()


# The real-browser fixtures (headless Chromium), shared by the browser tests.
from browser import browsers, invited_table  # noqa: E402,F401
