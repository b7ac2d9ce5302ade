"""Several `tavolo serve` nodes on one PostgreSQL, and nginx in front of them (config/nginx)."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

from conftest import ROOT, Server

URL_VARIABLE = "TAVOLO_TEST_POSTGRES_URL"


def postgres_base_url():
    """The test server scripts/test.sh started; without it these tests fail under CI, skip elsewhere."""
    url = os.environ.get(URL_VARIABLE)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{URL_VARIABLE} is not set: the multi-node tests did not run")
        pytest.skip(f"{URL_VARIABLE} is not set (scripts/test.sh starts PostgreSQL)")
    return url


def fresh_database(base_url):
    """A new, empty database on the test server; returns its URL."""
    name = "e2e_" + uuid.uuid4().hex
    psql(base_url, f"CREATE DATABASE {name}")
    parts = urllib.parse.urlsplit(base_url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def psql(url, sql):
    """One statement through psql; returns its rows as lists of strings."""
    plain = url.split("?")[0]
    out = subprocess.run(["psql", plain, "-At", "-F", "\t", "-c", sql], check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def node(database_url, *args, data_directory=None):
    return Server(*args, data_directory=data_directory,
                  env={"TAVOLO_STORE": "postgres", "TAVOLO_POSTGRES_URL": database_url, "TAVOLO_POSTGRES_POOL_SIZE": "4"})


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """nginx from Debian with config/nginx/tavolo.conf's proxy settings, upstreams given."""

    def __init__(self, ports):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            pytest.fail("nginx is not installed (scripts/test.sh installs it)")
        self.prefix = Path(tempfile.mkdtemp(prefix="tavolo-nginx-"))
        (self.prefix / "logs").mkdir()
        self.port = free_port()
        template = (ROOT / "config" / "nginx" / "tavolo.conf").read_text()
        servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;" for p in ports)
        site = (template.replace("    server 10.0.0.11:8080 max_fails=1 fail_timeout=5s;\n", "")
                .replace("    server 10.0.0.12:8080 max_fails=1 fail_timeout=5s;", servers)
                .replace("listen 80;", f"listen 127.0.0.1:{self.port};"))
        (self.prefix / "nginx.conf").write_text(
            "daemon off;\nmaster_process on;\nworker_processes 1;\npid nginx.pid;\nerror_log logs/error.log warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n  access_log off;\n  client_body_temp_path tmp;\n  proxy_temp_path tmp;\n"
            + site + "\n}\n")
        (self.prefix / "tmp").mkdir()
        self.process = subprocess.Popen([binary, "-p", str(self.prefix), "-c", "nginx.conf", "-e", "logs/error.log"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError(f"nginx did not start: {self.process.stderr.read()}")
        self.ws_url = f"ws://127.0.0.1:{self.port}/ws"

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.prefix, ignore_errors=True)
