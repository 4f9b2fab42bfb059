"""The harness's pytest plugin makes each page's test from its scenario module: a module of
tests/live with PAGE and scenario(p) gets test_<slug>; one with only one of them, or with a
test function of its own, fails to collect, so a page can never silently not run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from workshop.paths import ROOT

SCENARIO = """
PAGE = "{page}"
RUNS = []


def scenario(p):
    pass
"""


def collect(tmp_path: Path, modules: dict[str, str]) -> subprocess.CompletedProcess:
    live = tmp_path / "tests" / "live"
    live.mkdir(parents=True)
    for name, text in modules.items():
        (live / name).write_text(textwrap.dedent(text))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "workshop.harness.pytest_plugin",
            "tests/live",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )


def test_a_scenario_module_gets_its_page_test(tmp_path):
    result = collect(
        tmp_path,
        {"test_my_page.py": SCENARIO.format(page="my-page"), "test_helpers.py": "def test_plain():\n    pass\n"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tests/live/test_my_page.py::test_my_page" in result.stdout
    assert "tests/live/test_helpers.py::test_plain" in result.stdout


def test_a_module_with_a_page_but_no_scenario_fails(tmp_path):
    result = collect(tmp_path, {"test_my_page.py": 'PAGE = "my-page"\nRUNS = []\n'})
    assert result.returncode != 0
    assert "scenario(p) is missing, so the page would never run" in result.stdout + result.stderr


def test_a_module_that_writes_its_own_page_test_fails(tmp_path):
    text = SCENARIO.format(page="my-page") + "\n\ndef test_my_page(live):\n    live.check(PAGE)\n"
    result = collect(tmp_path, {"test_my_page.py": text})
    assert result.returncode != 0
    assert "defines test_my_page itself" in result.stdout + result.stderr


def test_every_page_with_blocks_to_run_has_a_generated_test():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests/live"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    from workshop.harness.static import inventory

    for page in inventory.load().runnable_pages():
        test = f"tests/live/test_{page.replace('-', '_')}.py::test_{page.replace('-', '_')}"
        assert test in result.stdout, f"page {page!r} has no live test:\n{result.stdout}"
