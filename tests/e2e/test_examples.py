"""The README's example script, run as a newcomer would, against a loopback server."""

import os
import subprocess
import sys

from conftest import entity

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_instance_info_example(server):
    instance = entity("Instance")
    server.route("GET", "/api/v2/instance", instance)
    tag = entity("Tag")
    server.route("GET", "/api/v1/trends/tags", [tag])
    server.route("GET", "/api/v1/trends/statuses", [entity("Status")])
    result = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "instance_info.py"), server.url],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert instance["title"] in out and instance["version"] in out
    assert f"#{tag['name']}" in out
    assert "@Gargron" in out
    paths = [r.path for r in server.requests]
    assert paths == ["/api/v2/instance", "/api/v1/trends/tags", "/api/v1/trends/statuses"]
    assert server.requests[1].query == {"limit": ["5"]}


def test_instance_info_example_reports_an_unreachable_server():
    result = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "instance_info.py"),
                             "http://127.0.0.1:9"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Could not read" in result.stderr
