"""`cxtui serve` without a browser: the token at the door, the loopback default and its
warning, the one line without textual-serve, and the editor under a Textual driver that
is not a terminal (what textual-serve starts)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from conftest import CXTUI, RunCli
from serve_helpers import Served, serving
from tui_helpers import sample_map, write_map

from cxtui.serve import host_warning, page_url


def status(url: str, opener: urllib.request.OpenerDirector | None = None) -> int:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=10) as response:
            code: int = response.status
            return code
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def served(tmp_path: Path) -> object:
    path = write_map(tmp_path / "coffee.toml", sample_map("Served coffee"))
    with serving(path) as server:
        yield server


def test_without_the_token_everything_is_refused(served: Served) -> None:
    for path in ("/", "/ws", "/static/js/textual.js", "/download/x", "/?token=wrong"):
        assert status(served.base + path) == 403, path


def test_the_token_once_then_its_cookie_opens_the_page_and_its_assets(served: Served) -> None:
    assert "?token=" in served.url and served.url.startswith(served.base)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(served.url, timeout=10) as page:
        assert page.status == 200
        assert page.url == served.base + "/"  # redirected: the token left the address bar
        html = page.read().decode()
    assert "textual-terminal" in html
    assert f"ws://127.0.0.1:{served.port}/ws" in html
    assert status(served.base + "/static/js/textual.js", opener) == 200
    assert status(served.base + "/", opener) == 200
    assert status(served.base + "/") == 403  # another client, no cookie


def test_it_prints_where_and_what(served: Served) -> None:
    printed = "".join(served.output)
    assert "coffee.toml" in printed
    assert re.fullmatch(rf"http://127\.0\.0\.1:{served.port}/\?token=[\w-]{{32}}", served.url)


def test_another_host_prints_the_warning() -> None:
    assert host_warning("127.0.0.1") is None and host_warning("localhost") is None
    warning = host_warning("0.0.0.0")
    assert warning is not None and "anyone who can reach this port" in warning
    assert page_url("::1", 8000, "t") == "http://[::1]:8000/?token=t"
    assert page_url("0.0.0.0", 8000, "t") == f"http://{socket.gethostname()}:8000/?token=t"


def test_another_host_warns_on_stderr(tmp_path: Path) -> None:
    path = write_map(tmp_path / "coffee.toml", sample_map())
    with serving(path, "--host", "0.0.0.0") as server:
        printed = "".join(server.output)
    assert "cxtui: warning: serving on 0.0.0.0: anyone who can reach this port" in printed


def test_without_textual_serve_one_line_says_how_to_get_it(run_cli: RunCli, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    (blocker / "textual_serve").mkdir(parents=True)
    (blocker / "textual_serve" / "__init__.py").write_text("raise ImportError('gone')\n")
    path = write_map(tmp_path / "coffee.toml", sample_map())
    result = run_cli("serve", path, env={"PYTHONPATH": str(blocker)})
    assert result.returncode == 1
    assert result.stderr == "cxtui: cxtui serve needs textual-serve: pip install 'cxtui[web]'\n"
    assert result.stdout == ""


def test_a_map_that_does_not_load_is_reported_at_once(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("title = \n", encoding="utf-8")
    result = run_cli("serve", path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"cxtui: {path}:1:")
    missing = run_cli("serve", tmp_path / "nowhere" / "map.toml")
    assert missing.returncode == 1 and "its folder does not exist" in missing.stderr


def _packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


def test_the_editor_starts_under_a_driver_that_is_not_a_terminal(tmp_path: Path) -> None:
    """As textual-serve (and `textual serve`) start it: pipes, and TEXTUAL_DRIVER."""
    path = write_map(tmp_path / "coffee.toml", sample_map("Piped coffee"))
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    process = subprocess.Popen(
        [CXTUI, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    out = bytearray()
    fd = process.stdout.fileno()

    def read_all() -> None:
        while chunk := os.read(fd, 65536):
            out.extend(chunk)

    threading.Thread(target=read_all, daemon=True).start()
    try:
        resize = {"type": "resize", "width": 100, "height": 30}
        process.stdin.write(_packet(b"M", json.dumps(resize).encode()))
        process.stdin.flush()
        deadline = time.monotonic() + 30
        while b"Piped coffee" not in out and time.monotonic() < deadline:
            time.sleep(0.1)
        assert out.startswith(b"__GANGLION__\n")  # the web driver's greeting
        assert b"Piped coffee" in out  # it drew the map
        process.stdin.write(_packet(b"M", json.dumps({"type": "quit"}).encode()))
        process.stdin.flush()
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
    assert process.stderr is not None
    assert b"needs a terminal" not in process.stderr.read()


def test_a_pipe_without_a_driver_still_needs_a_terminal(run_cli: RunCli, tmp_path: Path) -> None:
    path = write_map(tmp_path / "coffee.toml", sample_map())
    result = run_cli(path, env={"TEXTUAL_DRIVER": None})
    assert result.returncode == 1
    assert "the editor needs a terminal" in result.stderr
    assert sys.stdin is not None


def test_a_served_editor_does_not_open_a_map_outside_the_folder(
    run_cli: RunCli, tmp_path: Path
) -> None:
    root = tmp_path / "served"
    root.mkdir()
    path = write_map(tmp_path / "outside.toml", sample_map())
    result = run_cli(path, env={"CXTUI_SERVE_ROOT": str(root), "TEXTUAL_DRIVER": "x:Y"})
    assert result.returncode == 1
    assert (
        result.stderr
        == f"cxtui: {path} is outside {root}: a map served to browsers keeps to its folder\n"
    )


def test_a_port_in_use_is_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    path = write_map(tmp_path / "coffee.toml", sample_map())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", path, "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.startswith(f"cxtui: cannot listen on 127.0.0.1 port {port}: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("port", ["0", "65536", "-1", "web"])
def test_a_port_that_is_no_port_is_a_usage_error(run_cli: RunCli, port: str) -> None:
    result = run_cli("serve", ".", "--port", port)
    assert result.returncode == 2
    assert "--port" in result.stderr and "Traceback" not in result.stderr
