"""`mozaik web`: the board served alone from the settings file, stopped cleanly by a signal."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.status, dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_mozaik_web_serves_the_board_until_it_is_told_to_stop(tmp_path, database):
    port = free_port()
    config = tmp_path / "config.toml"
    config.write_text(f'database = "{database}"\n[web]\nport = {port}\n', encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    served = subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(config), "web"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                status, headers = fetch(f"{base}/hubs/1/gigs")
                break
            except OSError:
                assert served.poll() is None, served.communicate()
                assert time.monotonic() < deadline, "mozaik web did not start listening"
                time.sleep(0.2)
        assert status == 404  # no hub turned its board on in a new database
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert fetch(f"{base}/static/mozaik.css")[0] == 200
    finally:
        served.send_signal(signal.SIGTERM)
        out, err = served.communicate(timeout=30)
    assert served.returncode == 0, err
    assert f"public board on http://127.0.0.1:{port}/hubs/<server id>" in out


def test_a_web_port_out_of_range_is_refused_naming_the_key(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[web]\nport = 70000\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "check-config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "web.port" in result.stderr
