"""Configuration of a throwaway nginx for a test: everything it writes stays in the test's own
directory, and the test gives the inside of its http block."""

from pathlib import Path


def nginx_config(work: Path, http: str, error_log_level: str = "error") -> Path:
    (work / "tmp").mkdir(exist_ok=True)
    temp_paths = " ".join(
        f"{kind}_temp_path {work}/tmp;"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = work / "nginx.conf"
    config.write_text(
        f"pid {work}/nginx.pid;\n"
        f"error_log {work}/error.log {error_log_level};\n"
        "events {}\n"
        f"http {{\n    {temp_paths}\n{http}\n}}\n"
    )
    return config
