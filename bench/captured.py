"""The pages' bytes as the benchmark captured them from the site (bench.run.capture): read back
by the static twin."""

from __future__ import annotations

import json
from pathlib import Path


def read(root: Path) -> dict[str, tuple[list[tuple[str, str]], bytes]]:
    """Path (with its query string) -> (response headers, body)."""
    return {
        path: (
            [("Content-Type", page["content_type"]), ("Content-Length", str(page["length"]))],
            (root / page["file"]).read_bytes(),
        )
        for path, page in json.loads((root / "manifest.json").read_text()).items()
    }
