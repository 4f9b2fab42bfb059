"""What a test does when the machine lacks something it needs (a cluster, kubectl, Playwright,
Chromium): on a developer's machine it skips, saying what to install or run; in CI
(workshop.testenv.in_ci, the one answer for the whole suite) it fails with the same words,
because a README promise that CI does not check is a promise nobody keeps."""

from __future__ import annotations

from typing import NoReturn

import pytest

from workshop.testenv import in_ci


def unavailable(message: str) -> NoReturn:
    """`message` says what is missing and how to get it."""
    if in_ci():
        pytest.fail(f"{message} (CI: a missing capability is a failure, not a skip)", pytrace=False)
    pytest.skip(message)
