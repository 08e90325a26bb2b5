"""nginx configurations for the benchmark: the shipped deploy/nginx.conf, with only its
addresses, ports and paths changed, and a plain static file server for the same bytes."""

from __future__ import annotations

from pathlib import Path

from bench.servers import REPO

SHIPPED = REPO / "deploy" / "nginx.conf"

MAIN = """\
user root;
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    # As in Debian's /etc/nginx/nginx.conf, which the shipped config must work under.
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {work}/tmp/body;
    proxy_temp_path {work}/tmp/proxy;
    fastcgi_temp_path {work}/tmp/fastcgi;
    uwsgi_temp_path {work}/tmp/uwsgi;
    scgi_temp_path {work}/tmp/scgi;
    types {{ text/html html; application/json json; }}
{servers}
}}
"""

STATIC_SERVER = """\
    server {{
        listen 127.0.0.1:{port};
        root {files};
        location / {{ try_files $uri/index.html $uri/index.json =404; }}
    }}
"""


def shipped(app_ports: list[int], listen: int, cache_dir: Path) -> str:
    """deploy/nginx.conf in front of the given app servers."""
    text = SHIPPED.read_text()
    upstream = "".join(f"    server 127.0.0.1:{port};\n" for port in app_ports)
    replacements = {
        "    server 127.0.0.1:8000;\n": upstream,
        "/var/cache/nginx/statuskb": str(cache_dir),
        "listen 80;": f"listen 127.0.0.1:{listen};",
    }
    for old, new in replacements.items():
        if old not in text:
            raise RuntimeError(f"deploy/nginx.conf no longer contains {old!r}.")
        text = text.replace(old, new)
    return "\n".join("    " + line if line else line for line in text.splitlines())


def write(work: Path, *, static_port: int, static_files: Path, proxy: str) -> Path:
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / "tmp" / name).mkdir(parents=True, exist_ok=True)
    servers = STATIC_SERVER.format(port=static_port, files=static_files) + proxy
    config = work / "nginx.conf"
    config.write_text(MAIN.format(work=work, servers=servers))
    return config
