"""A run that stops half way leaves only finished PDFs: no half-written file, and it says what was done."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from handoutkit import ROOT, run_handouts
from pypdf import PdfReader

from workshop.handouts.pdf import PART_PREFIX, PART_SUFFIX, remove_stale_parts, write_atomically


def roster(tmp_path, count):
    path = tmp_path / "roster.txt"
    path.write_text("".join(f"user-{i}\n" for i in range(1, count + 1)), encoding="utf-8")
    return path


def assert_only_whole_pdfs(out_dir):
    leftovers = [p.name for p in out_dir.iterdir() if p.name.endswith(PART_SUFFIX)]
    assert not leftovers, f"temporary files left: {leftovers}"
    for pdf in out_dir.glob("*.pdf"):
        if pdf.is_file():
            assert len(PdfReader(pdf).pages) > 10, f"{pdf.name} is not a whole handout"


def test_a_write_that_fails_half_way_leaves_no_partial_pdf(tmp_path, site):
    out_dir = tmp_path / "out"
    (out_dir / "user-2.pdf").mkdir(parents=True)  # a real OS error when the second PDF is renamed into place
    result = run_handouts(roster(tmp_path, 3), "--out", out_dir, "--site", site, "--jobs", "1")
    assert result.returncode == 1, result.stderr
    assert "failed" in result.stderr and "user-2.pdf" in result.stderr
    assert "No partial PDF was left behind" in result.stderr
    assert "1 of 4 PDFs finished: user-1.pdf" in result.stderr
    assert_only_whole_pdfs(out_dir)
    assert not (out_dir / "user-3.pdf").exists()  # the run stopped at the first failure


def test_ctrl_c_stops_cleanly_and_says_which_were_done(tmp_path, site):
    out_dir = tmp_path / "out"
    # As Ctrl-C in a terminal: SIGINT to the whole process group (the command, Playwright's driver, Chromium).
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "workshop.handouts",
            str(roster(tmp_path, 12)),
            "--out",
            str(out_dir),
            "--site",
            str(site),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not list(out_dir.glob("*.pdf")) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, stderr
    assert "Interrupted." in stderr and "PDFs finished" in stderr
    assert "Traceback" not in stderr
    finished = sorted(p.name for p in out_dir.glob("*.pdf"))
    assert 1 <= len(finished) < 13
    for name in finished:
        assert name in stderr
    assert_only_whole_pdfs(out_dir)


def test_write_atomically_replaces_whole_or_not_at_all(tmp_path):
    target = tmp_path / "alice.pdf"
    target.write_bytes(b"old")
    write_atomically(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-new"
    assert [p.name for p in tmp_path.iterdir()] == ["alice.pdf"]


def test_write_atomically_keeps_the_old_file_when_the_write_fails(tmp_path, monkeypatch):
    target = tmp_path / "alice.pdf"
    target.write_bytes(b"%PDF-old")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"%PDF-new, half written")
    assert target.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir()] == ["alice.pdf"], "a partial file was left beside it"


def test_temporary_files_of_a_killed_run_are_swept(tmp_path):
    (tmp_path / f"{PART_PREFIX}abc{PART_SUFFIX}").write_bytes(b"%PDF-half")
    (tmp_path / "alice.pdf").write_bytes(b"%PDF")
    remove_stale_parts(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["alice.pdf"]


def test_a_site_that_carries_a_token_is_refused_unless_asked_for(tmp_path):
    """A site built with WORKSHOP_GITHUB_TOKEN has the token in the print view: every handout
    would carry it on paper. Refused, with what to do; --allow-token prints it."""
    from workshop.sitebuild import build

    site = tmp_path / "site"
    result = build(site, WORKSHOP_GITHUB_USER="test-user", WORKSHOP_GITHUB_TOKEN="fake-token-for-the-handouts-test")
    assert result.returncode == 0, result.stderr
    out_dir = tmp_path / "out"
    refused = run_handouts(roster(tmp_path, 1), "--out", out_dir, "--site", site)
    assert refused.returncode == 1, refused.stderr
    assert "GitHub token" in refused.stderr and "--allow-token" in refused.stderr
    assert "Nothing written" in refused.stderr and not out_dir.exists()
    assert "fake-token-for-the-handouts-test" not in refused.stderr
    allowed = run_handouts(roster(tmp_path, 1), "--out", out_dir, "--site", site, "--allow-token")
    assert allowed.returncode == 0, allowed.stderr
    assert (out_dir / "user-1.pdf").is_file()


@pytest.mark.parametrize("damage", ["missing", "unreadable"])
def test_a_site_whose_configuration_cannot_be_read_is_refused(site, tmp_path, damage):
    """Whether a site carries a token is read from its print view's configuration block: a site
    without one (or with one that cannot be read) is not taken for a site without a token."""
    import re
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "print" / "index.html"
    block = re.compile(r'(<script type="application/json" id="wk-config">)(.*?)(</script>)', re.DOTALL)
    text = page.read_text(encoding="utf-8")
    assert block.search(text), "the print view has no configuration block to damage"
    page.write_text(block.sub("" if damage == "missing" else r"\1{not json\3", text), encoding="utf-8")
    out_dir = tmp_path / "out"
    refused = run_handouts(roster(tmp_path, 1), "--out", out_dir, "--site", copy, "--allow-token")
    assert refused.returncode == 1, refused.stderr
    assert "site configuration" in refused.stderr and "Traceback" not in refused.stderr, refused.stderr
    assert not out_dir.exists()
