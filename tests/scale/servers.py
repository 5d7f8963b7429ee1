"""App servers for the scale-out tests: gunicorn processes with production settings, started on free ports and
waited for by polling /healthz, and a small browser (cookies, forms, the headers nginx sets) that talks to
any of them."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
HOST = "dtpc.test"  # the public host name the servers are configured for (ALLOWED_HOSTS)
START_TIMEOUT = 90  # seconds for a server to answer /healthz (workers import Django and Wagtail)

# The suite's own variables, which a deployment never has.
NOT_INHERITED = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "PYTHONPATH"}


def production_environment(**variables) -> dict:
    """The environment of a production app server (config.settings.production), plus `variables`."""
    inherited = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED and not k.startswith("PYTEST")}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        **variables,
    }


def manage(*args: str, env: dict) -> subprocess.Popen:
    """`python manage.py …` of this checkout, started; `finish()` waits for it."""
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(process: subprocess.Popen, timeout: int = 300) -> str:
    output, _ = process.communicate(timeout=timeout)
    if process.returncode != 0:
        raise AssertionError(f"{process.args} failed ({process.returncode}):\n{output[-4000:]}")
    return output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`gunicorn config.wsgi` with two worker processes, as a deployment runs it (site/deploy/)."""

    def __init__(self, name: str, env: dict, log_dir: Path):
        self.name, self.port = name, free_port()
        self.log = log_dir / f"gunicorn-{name}.log"
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn",
                "--chdir", str(ROOT),
                "--pythonpath", f"{ROOT / 'site'},{ROOT}",  # this checkout first, whatever .venv's path says
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", "2",
                "--timeout", "60",
                "--graceful-timeout", "5",
                "--error-logfile", str(self.log),
                "config.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server {self.name} exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz", headers={"Host": HOST})
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)  # polling interval, not a wait for the server: the loop checks it is up
        raise AssertionError(f"server {self.name} did not answer /healthz in {START_TIMEOUT} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else "(no log)"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Response:
    def __init__(self, raw: http.client.HTTPResponse):
        self.status = raw.status
        self.headers = raw.headers
        self.body = raw.read()
        self.text = self.body.decode("utf-8", errors="replace")

    def __repr__(self):
        return f"<Response {self.status} {self.headers.get('Location', '')}>"


class Browser:
    """One visitor behind nginx: HTTPS as far as the app can tell (X-Forwarded-Proto), a client address
    (X-Real-IP, read through CLIENT_IP_META_KEY) and its cookies, whichever server answers."""

    def __init__(self, address: str):
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, server: Server, method: str, path: str, body: bytes = b"", content_type: str = "") -> Response:
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Real-IP": self.address,
            "User-Agent": "scale-test",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers.update({"Origin": f"https://{HOST}", "Referer": f"https://{HOST}{path}"})
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        connection.request(method, path, body=body or None, headers=headers)
        response = Response(connection.getresponse())
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, server: Server, path: str) -> Response:
        return self.request(server, "GET", path)

    def post(self, server: Server, path: str, data: dict, files: dict | None = None) -> Response:
        """A form POST with the CSRF token from the cookie; `files`: {field: (filename, bytes, type)}."""
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        if not files:
            body = urlencode(fields, doseq=True).encode()
            return self.request(server, "POST", path, body, "application/x-www-form-urlencoded")
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            for item in value if isinstance(value, list | tuple) else [value]:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode()
                )
        for name, (filename, content, kind) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {kind}\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(server, "POST", path, body, f"multipart/form-data; boundary={boundary}")


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def form_inputs(html: str) -> list[dict]:
    """The attributes of every <input> of a page."""
    parser = _Inputs()
    parser.feed(html)
    return parser.inputs


def input_value(html: str, name: str) -> str:
    return next(i.get("value") or "" for i in form_inputs(html) if i.get("name") == name)
