"""Drive a URL with wrk (Debian's) and read its figures."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

CONNECTIONS = 16
THREADS = 2
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * UNITS[unit]


def errors(output: str) -> int:
    total = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        total += int(match[1])
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        total += sum(int(n) for n in match.groups())
    return total


def run(url: str, seconds: float, connections: int = CONNECTIONS) -> Result:
    wrk = shutil.which("wrk") or "/usr/bin/wrk"
    threads = min(THREADS, connections)
    args = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency", url]
    output = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    return Result(rate, latency(output, "50"), latency(output, "99"), errors(output))
