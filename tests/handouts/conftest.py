"""Handouts printed once per session from the shared built site, read back as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from handoutkit import ROSTER, Printed, run_handouts


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    return built_site


@pytest.fixture(scope="session")
def printed(site, tmp_path_factory) -> Printed:
    work = tmp_path_factory.mktemp("handouts")
    roster = work / "roster.txt"
    roster.write_text(ROSTER, encoding="utf-8")
    out_dir = work / "out"
    result = run_handouts(roster, "--out", out_dir, "--site", site)
    assert result.returncode == 0, result.stderr
    return Printed(out_dir, result)
