"""Editing is live: `make serve` watches everything the build reads, so an edited snippet (or hook,
override, or the package's rendering) rebuilds the page it is on, not only an edited page."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from workshop.paths import ROOT

_NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "site", "reports", "__pycache__", ".pytest_cache", "*.egg-info")


def watched() -> list[str]:
    """What the Makefile's serve target watches besides docs/ and mkdocs.yml."""
    return re.search(r"^WATCHED := (.*)$", (ROOT / "Makefile").read_text(), re.M)[1].split()


def test_serve_watches_what_the_build_reads():
    assert set(watched()) >= {"snippets", "hooks", "overrides", "workshop"}
    assert re.search(r"serve .*\$\(addprefix --watch ,\$\(WATCHED\)\)", (ROOT / "Makefile").read_text())


def test_an_edited_snippet_reloads_its_page(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=_NOT_COPIED, symlinks=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    argv = [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{port}"]
    argv += [arg for path in watched() for arg in ("--watch", path)]
    env = {**os.environ, "PYTHONPATH": str(copy), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(argv, cwd=copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/persistent-storage/"

    def page() -> str:
        with urllib.request.urlopen(url, timeout=10) as response:
            return re.sub(r"<[^>]+>", "", response.read().decode())  # the highlighter's spans aside

    def wait_for(condition, what: str, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if condition():
                    return
            except OSError:
                pass
            assert server.poll() is None, f"mkdocs serve ended: {server.stderr.read()[-2000:]}"
            time.sleep(0.5)
        raise AssertionError(f"{what} within {seconds:.0f} s")

    try:
        wait_for(lambda: "kubectl get pvc" in page(), "the page is served")
        snippet = copy / "snippets" / "persistent-storage" / "get-pvc.sh"
        snippet.write_text(snippet.read_text().replace("kubectl get pvc", "kubectl get persistentvolumeclaim"))
        wait_for(lambda: "kubectl get persistentvolumeclaim" in page(), "the edited snippet shows on its page")
    finally:
        server.terminate()
        server.wait(timeout=30)
