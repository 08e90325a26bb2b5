"""The benchmark's report: a line per page as it runs, then docs/benchmarks.md and a chart."""

from __future__ import annotations

import datetime
import json
import platform
import re
import subprocess
from pathlib import Path

from bench.load import CONNECTIONS

TARGETS = {
    "warm": "Django, cached",
    "cold": "Django, uncached",
    "twin": "static twin (gunicorn)",
    "proxy": "nginx cache in front",
    "static": "nginx static files",
}
# The targets: ratio floors for cached pages and the nginx cache, latency ceilings for a first
# hit (one client, cache off) and for warm pages under load.
WARM_PAGES = ("code page", "class page", "API detail")
TARGET_WARM, TARGET_PROXY, TARGET_FIRST_HIT_MS, TARGET_P99_MS = 0.35, 0.7, 15, 20


def console_line(name: str, page: dict) -> str:
    ratios = page["ratios"]
    return (
        f"{name:15} cached {page['warm']['rps']:7.0f}/s ({ratios['warm']:.2f} of twin "
        f"{page['twin']['rps']:.0f}/s, p99 {page['warm']['p99']:.1f} ms)  "
        f"uncached {page['cold']['rps']:6.0f}/s ({ratios['cold']:.2f})  "
        f"nginx cache {page['proxy']['rps']:7.0f}/s ({ratios['proxy']:.2f} of static)  "
        f"errors {sum(page[t]['errors'] for t in TARGETS)}"
    )


def command_output(*args: str) -> str:
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=10)
    except OSError:
        return "not found"
    return (result.stdout or result.stderr).strip().splitlines()[0]


def version(*command: str) -> str:
    found = re.search(r"\d+\.\d+(\.\d+)?", command_output(*command))
    return found[0] if found else "unknown"


def machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    import django
    import gunicorn

    return [
        f"{subprocess.check_output(['nproc']).decode().strip()} cores ({cpu}), "
        f"{memory_kb / 1024 / 1024:.0f} GiB, Linux {platform.release()}",
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__} (4 sync workers)",
        f"nginx {version('nginx', '-v')}, Redis {version('redis-server', '--version')}, "
        f"PostgreSQL {version('psql', '--version')}, wrk {version('wrk', '--version')}",
    ]


def mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def size_section(scale: str, size: dict) -> list[str]:
    rows = ", ".join(f"{count} {name}" for name, count in size["rows"].items())
    lines = [
        f"### {scale}x data ({rows})",
        "",
        "| page | cached req/s | ratio to twin | p50 / p99 ms | uncached req/s | ratio | "
        "nginx cache req/s | ratio to nginx static | uncached alone p50 ms | queries | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, page in size["pages"].items():
        path = page["path"]
        errors = sum(page[target]["errors"] for target in TARGETS)
        lines.append(
            f"| {name} | {page['warm']['rps']:.0f} | {page['ratios']['warm']:.2f} | "
            f"{page['warm']['p50']:.1f} / {page['warm']['p99']:.1f} | {page['cold']['rps']:.0f} | "
            f"{page['ratios']['cold']:.2f} | {page['proxy']['rps']:.0f} | "
            f"{page['ratios']['proxy']:.2f} | {page['uncached_alone']['p50']:.1f} | "
            f"{size['queries'][path]} | {errors} |"
        )
    lines.append("")
    return lines


def targets_section(sizes: dict) -> list[str]:
    lines = ["## Against the targets", "", "| target | met at every size? |", "|---|---|"]
    pages = [
        (scale, name, page) for scale, size in sizes.items() for name, page in size["pages"].items()
    ]
    warm = [p for _, n, p in pages if n in WARM_PAGES]
    biggest = max(sizes, key=int)
    search = sizes[biggest]["pages"].get("search by word")
    queries = [size["queries"] for size in sizes.values()]
    checks = [
        (
            f"code, class, API detail cached ≥ {TARGET_WARM} of the twin",
            all(p["ratios"]["warm"] >= TARGET_WARM for p in warm),
        ),
        (
            f"same pages uncached, one client alone: p50 < {TARGET_FIRST_HIT_MS} ms",
            all(p["uncached_alone"]["p50"] < TARGET_FIRST_HIT_MS for p in warm),
        ),
        (
            f"every page behind the nginx cache ≥ {TARGET_PROXY} of nginx static",
            all(p["ratios"]["proxy"] >= TARGET_PROXY for _, _, p in pages),
        ),
        (
            f"warm p99 < {TARGET_P99_MS} ms at concurrency {CONNECTIONS}",
            all(p["warm"]["p99"] < TARGET_P99_MS for _, _, p in pages),
        ),
        ("zero errors", all(p[t]["errors"] == 0 for _, _, p in pages for t in TARGETS)),
        ("queries per page the same at every size", all(q == queries[0] for q in queries)),
    ]
    if search:  # --pages may leave it out
        p50 = search["uncached_alone"]["p50"]
        checks.append(
            (f"search p50 < 20 ms at {biggest}x (uncached, alone: {p50:.1f} ms)", p50 < 20)
        )
    lines += [f"| {label} | {mark(ok)} |" for label, ok in checks]
    return [*lines, ""]


def scale_out_section(result: dict) -> list[str]:
    if not result:
        return []
    return [
        "## Scale-out: two app servers, one PostgreSQL, one Redis, nginx balancing",
        "",
        f"- Code page through the balancer (answered by its cache, deploy/nginx.conf): "
        f"{result['balanced_rps']:.0f} req/s, {result['balanced_errors']} errors; from each app "
        f"server directly (its server-side cache: responses in each process, version in Redis): "
        f"{' and '.join(f'{rps:.0f}' for rps in result['direct_rps'])} req/s.",
        f"- Every worker of both servers held the page when an edit went through server A "
        f"(`PATCH /api/codes/404/`). The next {result['checks_on_b']} requests to server B, "
        f"all within {result['b_seconds'] * 1000:.0f} ms of the acknowledged write, showed the "
        f"edit: **{mark(result['seen_on_b_at_once'])}**.",
        f"- Through the balancer's own cache it showed after {result['proxy_seconds']:.1f} s, "
        f"as the page's `s-maxage={result['proxy_max_age']}` allows.",
        "",
    ]


def chart(sizes: dict, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    smallest = sizes[min(sizes, key=int)]
    names = list(smallest["pages"])
    figure, (bars, lines) = plt.subplots(1, 2, figsize=(14, 5.5))
    width = 0.8 / len(TARGETS)
    for index, (target, label) in enumerate(TARGETS.items()):
        values = [smallest["pages"][name][target]["rps"] for name in names]
        bars.bar([i + index * width for i in range(len(names))], values, width, label=label)
    bars.set_xticks([i + 0.4 - width / 2 for i in range(len(names))], names, rotation=20)
    bars.set_yscale("log")
    bars.set_ylabel("requests/s (log scale)")
    bars.set_title(f"Requests/s per page, {min(sizes, key=int)}x data")
    bars.legend(fontsize=8)
    scales = sorted(sizes, key=int)
    for name in names:
        lines.plot(
            [int(s) for s in scales],
            [sizes[s]["pages"][name]["uncached_alone"]["p50"] for s in scales],
            marker="o",
            label=f"{name}, uncached",
        )
    cached = "code page" if "code page" in names else names[0]  # --pages may leave it out
    lines.plot(
        [int(s) for s in scales],
        [sizes[s]["pages"][cached]["warm"]["p50"] for s in scales],
        marker="s",
        linestyle="--",
        color="black",
        label=f"{cached}, cached (c=16)",
    )
    lines.set_xscale("log")
    lines.set_xlabel("data size (x the curated dataset)")
    lines.set_ylabel("p50 latency, ms")
    lines.set_title("Latency against data size (one client)")
    lines.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(out, dpi=110)


def write(results: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    # One report per database: benchmarks.md (SQLite), benchmarks-postgresql.md.
    stem = "benchmarks" if results["database"] == "SQLite" else "benchmarks-postgresql"
    sizes = {str(k): v for k, v in results["sizes"].items()}
    settings = results["settings"]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {datetime.date.today():%Y-%m-%d}, on {results['database']}. "
        "Every figure is the median of "
        f"{settings['rounds']} alternating rounds of {settings['seconds']:g} s each, wrk with "
        f"{settings['connections']} connections on the same machine. The static twin is a WSGI "
        "app returning the same bytes from memory on the same gunicorn settings; nginx static "
        "serves the same bytes as files; the nginx cache is deploy/nginx.conf in front of the "
        'cached site. "Uncached alone" is one client against the site with its server-side cache '
        "off.",
        "",
        "Machine:",
        "",
        *(f"- {line}" for line in machine()),
        "",
        f"![requests/s per page and latency against data size]({stem}.png)",
        "",
        *targets_section(sizes),
        "## Figures",
        "",
    ]
    for scale, size in sizes.items():
        lines += size_section(scale, size)
    lines += scale_out_section(results.get("scale_out"))
    (out / f"{stem}.md").write_text("\n".join(lines))
    (out / f"{stem}.json").write_text(json.dumps(results, indent=1, default=str))
    chart(sizes, out / f"{stem}.png")
    print(f"\nWrote {out / stem}.md")
