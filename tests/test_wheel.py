"""The built wheel works in a fresh Django site that is not ours (run in CI).

Builds the wheel with the locked build backend, installs it into a new virtualenv outside the
repository with the app's dependencies from requirements/app.txt (the lock, so the result does not
depend on the day; `make test-latest` tries the newest releases), copies in a minimal
host site (tests/host_site) that mounts the app under /http/ beside an app of its own labelled
"codes", migrates, loads the dataset from
the wheel, and fetches pages and the API.
"""

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HOST_SITE = Path(__file__).resolve().parent / "host_site"


def run(*args, cwd):
    # The host site's own settings, not the test suite's.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "settings"}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    root = tmp_path_factory.mktemp("host")
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(root / "dist"),
        cwd=REPO)  # fmt: skip
    [wheel] = (root / "dist").glob("statuskb-*.whl")
    venv.create(root / "venv", with_pip=True)
    python = str(root / "venv" / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--quiet"]
    run(*pip, "--require-hashes", "--requirement", str(REPO / "requirements" / "app.txt"), cwd=root)
    run(*pip, "--no-deps", str(wheel), cwd=root)
    run(python, "-m", "pip", "check", cwd=root)  # the lock satisfies the wheel's requirements
    site = root / "site"
    shutil.copytree(HOST_SITE, site)
    run(python, "-m", "django", "migrate", "--noinput", "--settings=settings", cwd=site)
    return python, site


def test_wheel_contains_no_demo_site_and_no_tests(host):
    python, site = host
    out = run(python, "-c", "import codes, importlib.util as u; print(codes.__file__, "
              "u.find_spec('statuskb'), u.find_spec('tests'))", cwd=site.parent)  # fmt: skip
    assert out.split()[1:] == ["None", "None"]


def test_dataset_loads_from_the_wheel_and_pages_work_under_a_prefix(host):
    python, site = host
    loaded = run(python, "-m", "django", "loaddata", "statuskb", "--settings=settings", cwd=site)
    assert "Installed" in loaded
    checks = run(python, "-m", "django", "check", "--settings=settings", cwd=site)
    assert "no issues" in checks
    lines = run(python, "probe.py", cwd=site).splitlines()
    assert lines[:4] == [
        "/http/ 200 True True",
        "/http/404/ 200 True True",
        "/http/api/codes/404/ 200 False True",
        "/http/api/codes/ 200 False False",
    ]
    assert lines[4:7] == ["api page size 5", "api link True", "static True"]


def test_the_app_lives_beside_a_host_app_labelled_codes(host):
    """The host site has its own app labelled "codes" with a Vendor model, a publish_vendor
    permission and a "codes" URL namespace with a vendor-list route."""
    python, site = host
    run(python, "-m", "django", "loaddata", "statuskb", "--settings=settings", cwd=site)
    lines = run(python, "probe.py", cwd=site).splitlines()
    assert lines[7:] == [
        "labels codes statuskb",
        "shop page shop vendors: Acme at /shop/vendors/",
        "our vendor link True",
        "publish_vendor in codes statuskb",
    ]
