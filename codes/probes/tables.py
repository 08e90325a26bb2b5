"""Probes of runtimes and frameworks, through the tables they look phrases and names up in."""

from __future__ import annotations

import inspect
import json
import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import Named, NotHere, Reading

PYTHON_TABLE = """
import http, json, platform
names = {}
for name, member in http.HTTPStatus.__members__.items():
    names.setdefault(member.value, [member.phrase, []])[1].append(name)
print(json.dumps({"version": platform.python_version(), "names": names}))
"""


def run(args: list[str], **kwargs) -> str:
    if not shutil.which(args[0]):
        raise NotHere(f"{args[0]} is not installed")
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs).stdout


def python(executable: str = "python3") -> Reading:
    """http.HTTPStatus of a Python interpreter: each member's phrase, and every name of it
    (a renamed member keeps its old name as an alias)."""
    found = json.loads(run([executable, "-c", PYTHON_TABLE]))
    return Reading(
        found["version"],
        {
            int(number): Named(phrase, frozenset(constants))
            for number, (phrase, constants) in found["names"].items()
        },
    )


def nodejs() -> Reading:
    """Node.js's http.STATUS_CODES, the phrases its server sends."""
    found = json.loads(
        run(["node", "-p", "JSON.stringify([process.versions.node, require('http').STATUS_CODES])"])
    )
    version, table = found
    return Reading(version, {int(number): Named(phrase) for number, phrase in table.items()})


GO_PROGRAM = """package main

import (
	"fmt"
	"net/http"
	"runtime"
)

func main() {
	fmt.Println(runtime.Version())
	for code := 100; code <= 599; code++ {
		fmt.Printf("%d\\t%s\\n", code, http.StatusText(code))
	}
}
"""
GO_CONSTANT = re.compile(r"^\s*(Status\w+)\s*=\s*(\d{3})\b", re.MULTILINE)


def go() -> Reading:
    """Go's net/http: http.StatusText from a program built here, and the Status constants of
    the net/http source the compiler builds with."""
    with tempfile.TemporaryDirectory() as work:
        Path(work, "main.go").write_text(GO_PROGRAM)
        env = {"HOME": work, "GOCACHE": f"{work}/cache", "GO111MODULE": "off", "PATH": "/usr/bin"}
        lines = run(["go", "run", "main.go"], cwd=work, env=env).splitlines()
        root = run(["go", "env", "GOROOT"], env=env).strip()
    constants: dict[int, set[str]] = {}
    for name, number in GO_CONSTANT.findall(Path(root, "src/net/http/status.go").read_text()):
        constants.setdefault(int(number), set()).add(name)
    names = {}
    for line in lines[1:]:
        number, phrase = line.split("\t")
        if phrase or int(number) in constants:
            names[int(number)] = Named(phrase, frozenset(constants.get(int(number), ())))
    return Reading(lines[0].removeprefix("go"), names)


JAVA_PROGRAM = """import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.HttpURLConnection;

public class Probe {
    public static void main(String[] args) throws Exception {
        System.out.println(Runtime.version().feature() + "." + Runtime.version().interim()
            + "." + Runtime.version().update());
        for (Field field : HttpURLConnection.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class
                    && field.getName().startsWith("HTTP_")) {
                System.out.println(field.getName() + "\\t" + field.getInt(null));
            }
        }
    }
}
"""


def java_httpurlconnection() -> Reading:
    """The HTTP_ constants of java.net.HttpURLConnection, read by reflection in the JDK here."""
    with tempfile.TemporaryDirectory() as work:
        Path(work, "Probe.java").write_text(JAVA_PROGRAM)
        lines = run(["java", "Probe.java"], cwd=work).splitlines()
    constants: dict[int, set[str]] = {}
    for line in lines[1:]:
        name, number = line.split("\t")
        constants.setdefault(int(number), set()).add(name)
    return Reading(
        lines[0], {number: Named("", frozenset(names)) for number, names in constants.items()}
    )


def django(numbers: Iterable[int]) -> Reading:
    """The reason phrase Django's HttpResponse sends for each number, the HttpResponse
    subclasses made for one number, and the exceptions Django answers with one."""
    import django
    import django.http
    from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
    from django.core.handlers.exception import convert_exception_to_response
    from django.http import HttpResponse, HttpResponseBase
    from django.test import RequestFactory, override_settings

    symbols: dict[int, set[str]] = {}
    for name in django.http.__all__:
        cls = getattr(django.http, name)
        if inspect.isclass(cls) and cls is not HttpResponseBase and "status_code" in vars(cls):
            symbols.setdefault(cls.status_code, set()).add(name)
    logging.disable(logging.CRITICAL)  # the refused requests below are not worth a log line
    try:
        with override_settings(  # Django's own error views, not the host site's
            ROOT_URLCONF="codes.probes.empty_urls",
            TEMPLATES=[],
            ALLOWED_HOSTS=["testserver"],
            DEBUG=False,
        ):
            for exception in (
                django.http.Http404,
                PermissionDenied,
                BadRequest,
                SuspiciousOperation,
            ):
                handler = convert_exception_to_response(raising(exception))
                response = handler(RequestFactory().get("/"))
                symbols.setdefault(response.status_code, set()).add(exception.__name__)
    finally:
        logging.disable(logging.NOTSET)
    names = {
        number: Named(HttpResponse(status=number).reason_phrase, frozenset(symbols.get(number, ())))
        for number in numbers
    }
    return Reading(django.get_version(), names)


def raising(exception):
    def view(request):
        raise exception

    return view


def drf() -> Reading:
    """The HTTP_ constants of rest_framework.status."""
    import rest_framework
    from rest_framework import status

    constants: dict[int, set[str]] = {}
    for name, value in vars(status).items():
        if re.fullmatch(r"HTTP_\d{3}_\w+", name):
            constants.setdefault(value, set()).add(name)
    return Reading(
        rest_framework.__version__,
        {number: Named("", frozenset(names)) for number, names in constants.items()},
    )


def werkzeug(numbers: Iterable[int]) -> Reading:
    """The status line of a Werkzeug (and so Flask) response for each number, and the exception
    classes in werkzeug.exceptions that stand for one number."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        installed = version("werkzeug")
    except PackageNotFoundError as missing:
        raise NotHere("Werkzeug is not installed") from missing
    from werkzeug import exceptions
    from werkzeug.wrappers import Response

    classes: dict[int, set[str]] = {}  # subclasses too: ClientDisconnected is a 400
    for name, cls in vars(exceptions).items():
        if inspect.isclass(cls) and issubclass(cls, exceptions.HTTPException) and cls.code:
            classes.setdefault(cls.code, set()).add(name)
    names = {}
    for number in numbers:
        phrase = Response(status=number).status.partition(" ")[2]
        names[number] = Named(phrase, frozenset(classes.get(number, ())))
    return Reading(installed, names)
