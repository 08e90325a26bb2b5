"""Measure the site against its static twin and nginx, at growing data sizes; write the report.

    make bench                    # SQLite; DATABASE_URL=postgres://... make bench for PostgreSQL

Each figure is the median of alternating short rounds (single runs swing by a third here).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from bench import load, nginxconf, report, scaleout
from bench.servers import REPO, gunicorn, nginx, redis

PAGES = {
    "code page": "/404/",
    "index": "/",
    "class page": "/4xx/",
    "search by word": "/search/?q=retry",
    "API list": "/api/codes/",
    "API detail": "/api/codes/404/",
}
PORTS = {
    "warm": 18101,
    "cold": 18102,
    "twin": 18103,
    "static": 18104,
    "proxy": 18105,
}
REDIS_PORT = 18110
TARGETS = ["warm", "twin", "cold", "proxy", "static"]


def site_env(database_url: str, *, cache_timeout: int = 3600) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "HTTPS": "false",  # plain http on loopback
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "CODES_CACHE_TIMEOUT": str(cache_timeout),
    }


def prepare(database_url: str, scale: int) -> dict:
    """Load the dataset grown `scale` times; return rows, a token and queries per page."""
    env = {**os.environ, **site_env(database_url)}
    args = [sys.executable, "-m", "bench.data", "--scale", str(scale), *PAGES.values()]
    output = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True)
    if output.returncode:
        raise RuntimeError(f"Preparing {scale}x failed:\n{output.stderr}")
    flush_redis()  # flush and bulk loads send no signals: start every size with an empty cache
    return json.loads(output.stdout)


def flush_redis() -> None:
    subprocess.run(
        ["redis-cli", "-p", str(REDIS_PORT), "flushall"], check=True, capture_output=True
    )


def fetch(port: int, path: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return response.read(), response.headers["Content-Type"]


def capture(port: int, root: Path) -> None:
    """The pages' bytes, for the static twin (a manifest) and for nginx (files)."""
    shutil.rmtree(root, ignore_errors=True)
    manifest = {}
    for number, path in enumerate(PAGES.values()):
        body, content_type = fetch(port, path)
        name = f"page-{number}"
        (root / "files").mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(body)
        manifest[path] = {"file": name, "content_type": content_type, "length": len(body)}
        extension = "json" if content_type.startswith("application/json") else "html"
        page_dir = root / "files" / path.split("?")[0].strip("/")
        page_dir.mkdir(parents=True, exist_ok=True)
        (page_dir / f"index.{extension}").write_bytes(body)
    (root / "manifest.json").write_text(json.dumps(manifest))


def drain(port: int) -> None:
    """Wait until the server has worked through what the load left queued.

    wrk stops sending at the end of a round, but a slow page's queued requests keep the workers
    busy for a while, and would steal the CPU from the next round. One more request, queued
    behind them, returns when they are done.
    """
    django_ports = [PORTS["warm"], PORTS["cold"]]
    fetch(port, "/robots.txt" if port in django_ports else PAGES["index"])


def warm_up(port: int) -> None:
    """A worker's first requests load its templates (and fill the cache, where it is on): the
    rounds measure the requests after those."""
    for path in PAGES.values():
        for _ in range(10):
            fetch(port, path)


def measure_size(
    scale: int, database_url: str, work: Path, seconds: float, rounds: int, page_names: list[str]
) -> dict:
    data = prepare(database_url, scale)
    print(f"\n== {scale}x data: {data['rows']}", flush=True)
    logs = work / "logs"
    with ExitStack() as stack:
        site = "statuskb.wsgi:application"
        stack.enter_context(
            gunicorn(site, PORTS["warm"], site_env(database_url), logs / "warm.log")
        )
        cold_env = site_env(database_url, cache_timeout=0)
        stack.enter_context(gunicorn(site, PORTS["cold"], cold_env, logs / "cold.log"))
        captured = work / f"capture-{scale}"
        capture(PORTS["warm"], captured)
        twin_env = {"BENCH_CAPTURE": str(captured), "PYTHONPATH": str(REPO)}
        stack.enter_context(
            gunicorn("bench.twin:application", PORTS["twin"], twin_env, logs / "twin.log")
        )
        proxy = nginxconf.shipped([PORTS["warm"]], PORTS["proxy"], work / f"nginx-cache-{scale}")
        config = nginxconf.write(
            work, static_port=PORTS["static"], static_files=captured / "files", proxy=proxy
        )
        stack.enter_context(nginx(config, [PORTS["static"], PORTS["proxy"]], work))
        for target in ("warm", "proxy", "cold"):
            warm_up(PORTS[target])

        pages = {}
        for name in page_names:
            path = PAGES[name]
            runs = {target: [] for target in TARGETS}
            alone = []  # one client against the uncached site, a round at a time like the rest
            for _ in range(rounds):
                for target in TARGETS:
                    url = f"http://127.0.0.1:{PORTS[target]}{path}"
                    runs[target].append(load.run(url, seconds))
                    drain(PORTS[target])
                cold = f"http://127.0.0.1:{PORTS['cold']}{path}"
                alone.append(load.run(cold, seconds, connections=1))
            pages[name] = {"path": path, **summarize(runs, alone)}
            print(report.console_line(name, pages[name]), flush=True)
    return {"rows": data["rows"], "queries": data["queries"], "pages": pages}


def summarize(runs: dict[str, list[load.Result]], alone: list[load.Result]) -> dict:
    """Medians per target, and the median of the per-round ratios."""

    def median(target, field):
        return statistics.median(getattr(result, field) for result in runs[target])

    def ratio(target, twin):
        return statistics.median(
            a.requests_per_second / b.requests_per_second
            for a, b in zip(runs[target], runs[twin], strict=True)
        )

    summary = {
        target: {
            "rps": median(target, "requests_per_second"),
            "p50": median(target, "p50_ms"),
            "p99": median(target, "p99_ms"),
            "errors": sum(result.errors for result in runs[target]),
        }
        for target in runs
    }
    summary["ratios"] = {
        "warm": ratio("warm", "twin"),
        "cold": ratio("cold", "twin"),
        "proxy": ratio("proxy", "static"),
    }
    summary["uncached_alone"] = {
        "p50": statistics.median(result.p50_ms for result in alone),
        "p99": statistics.median(result.p99_ms for result in alone),
    }
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="data sizes, e.g. 1,10,100")
    parser.add_argument("--seconds", type=float, default=2, help="length of one round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per figure")
    parser.add_argument("--pages", default=",".join(PAGES), help="which pages, comma-separated")
    parser.add_argument("--no-scale-out", action="store_true", help="skip the two-server part")
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="where the report goes")
    args = parser.parse_args()

    work = REPO / "bench" / ".work"
    shutil.rmtree(work, ignore_errors=True)
    (work / "logs").mkdir(parents=True)
    database_url = os.environ.get("DATABASE_URL") or ""
    if database_url and "bench" not in urllib.parse.urlsplit(database_url).path:
        sys.exit(
            "The benchmark empties the database it is given: name one with 'bench' in its name, "
            "e.g. DATABASE_URL=postgres://statuskb:statuskb@127.0.0.1:5432/statuskb_bench "
            "(scripts/postgres statuskb_bench creates it)."
        )
    collect = {**os.environ, **site_env(database_url or "sqlite:///unused")}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env=collect,
        check=True,
    )

    results = {
        "settings": {
            "seconds": args.seconds,
            "rounds": args.rounds,
            "connections": load.CONNECTIONS,
        }
    }
    with redis(REDIS_PORT, work):
        results["sizes"] = {}
        for scale in (int(s) for s in args.scales.split(",")):
            url = database_url or f"sqlite:///{work / f'db-{scale}.sqlite3'}"
            results["sizes"][scale] = measure_size(
                scale, url, work, args.seconds, args.rounds, args.pages.split(",")
            )
        if not args.no_scale_out:
            results["scale_out"] = scaleout.run(work, site_env, prepare, args.seconds)
    results["database"] = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    report.write(results, args.out)
