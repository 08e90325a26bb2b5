"""The scale-out shape: two gunicorn instances behind nginx balancing with the shipped config,
sharing one PostgreSQL and one Redis. An edit made through one is checked on the other."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
import uuid
from contextlib import ExitStack
from pathlib import Path

from bench import load, nginxconf
from bench.servers import REPO, gunicorn, nginx
from codes.conf import DEFAULTS

PORTS = {"a": 18121, "b": 18122, "balancer": 18123, "static": 18124}
POSTGRES_URL = "postgres://statuskb:statuskb@127.0.0.1:5432/statuskb_bench"
PAGE = "/404/"
WARM_UP = 40
PROXY_MAX_AGE = DEFAULTS["PROXY_MAX_AGE"]
CHECKS = 12


def postgres_url() -> str:
    """DATABASE_URL if it is PostgreSQL; otherwise Debian's PostgreSQL, started here."""
    url = os.environ.get("DATABASE_URL") or ""
    if url.startswith("postgres"):
        return url
    subprocess.run([str(REPO / "scripts" / "postgres"), "statuskb_bench"], check=True)
    return POSTGRES_URL


def page_text(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{PAGE}", timeout=10) as response:
        return response.read().decode()


def edit_summary(port: int, token: str, summary: str) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/codes/404/",
        data=json.dumps({"summary": summary}).encode(),
        method="PATCH",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200, response.status


def seconds_until_seen(port: int, text: str, limit: float = 60) -> float:
    start = time.monotonic()
    while text not in page_text(port):
        if time.monotonic() - start > limit:
            raise RuntimeError(f"The edit never showed on port {port}.")
        time.sleep(0.05)
    return time.monotonic() - start


def run(work: Path, site_env, prepare, seconds: float) -> dict:
    url = postgres_url()
    token = prepare(url, 1)["token"]
    logs = work / "logs"
    with ExitStack() as stack:
        for name in ("a", "b"):
            stack.enter_context(
                gunicorn(
                    "statuskb.wsgi:application",
                    PORTS[name],
                    site_env(url),
                    logs / f"scale-out-{name}.log",
                )
            )
        proxy = nginxconf.shipped(
            [PORTS["a"], PORTS["b"]], PORTS["balancer"], work / "nginx-cache-balancer"
        )
        scale_out_work = work / "scale-out"
        scale_out_work.mkdir(exist_ok=True)
        config = nginxconf.write(
            scale_out_work, static_port=PORTS["static"], static_files=work, proxy=proxy
        )
        stack.enter_context(nginx(config, [PORTS["balancer"]], scale_out_work))

        for port in (PORTS["a"], PORTS["b"], PORTS["balancer"]):
            for _ in range(WARM_UP):  # every worker of every server holds the page now
                page_text(port)
        balanced = load.run(f"http://127.0.0.1:{PORTS['balancer']}{PAGE}", seconds)
        direct = [load.run(f"http://127.0.0.1:{PORTS[s]}{PAGE}", seconds) for s in "ab"]

        summary = f"Edited through server A ({uuid.uuid4().hex[:8]})."
        edit_summary(PORTS["a"], token, summary)
        acknowledged = time.monotonic()
        seen_on_b = [summary in page_text(PORTS["b"]) for _ in range(CHECKS)]
        b_seconds = time.monotonic() - acknowledged
        proxy_seconds = seconds_until_seen(PORTS["balancer"], summary)
    seen_at_once = all(seen_on_b)
    print(
        f"\n== Scale-out: edit through A seen on B at once: {seen_at_once}; "
        f"through the nginx cache after {proxy_seconds:.1f} s; "
        f"balanced code page {balanced.requests_per_second:.0f}/s",
        flush=True,
    )
    return {
        "balanced_rps": balanced.requests_per_second,
        "balanced_errors": balanced.errors,
        "direct_rps": [result.requests_per_second for result in direct],
        "checks_on_b": len(seen_on_b),
        "seen_on_b_at_once": seen_at_once,
        "b_seconds": b_seconds,
        "proxy_seconds": proxy_seconds,
        "proxy_max_age": PROXY_MAX_AGE,
    }
