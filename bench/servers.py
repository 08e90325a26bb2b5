"""Start and stop the real servers the benchmark measures: gunicorn, nginx and Redis."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORKERS = 4  # gunicorn's advice: 2 x cores; this machine kind has 2


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"Nothing listens on port {port} after {timeout} s.")


@contextmanager
def process(args: list[str], log: Path, env: dict | None = None, cwd: Path = REPO):
    with open(log, "ab") as out:
        child = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield child
    finally:
        child.terminate()
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


@contextmanager
def gunicorn(app: str, port: int, env: dict, log: Path):
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
    ]
    with process(args, log, env={**os.environ, **env}) as child:
        wait_for_port(port)
        yield child


@contextmanager
def redis(port: int, work: Path):
    args = [
        shutil.which("redis-server") or "/usr/bin/redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(work),
    ]
    with process(args, work / "redis.log") as child:
        wait_for_port(port)
        yield child


@contextmanager
def nginx(config: Path, ports: list[int], work: Path):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run([binary, "-t", "-q", "-c", str(config), "-p", str(work)], check=True)
    with process(
        [binary, "-c", str(config), "-p", str(work), "-g", "daemon off;"], work / "nginx.log"
    ) as child:
        for port in ports:
            wait_for_port(port)
        yield child
