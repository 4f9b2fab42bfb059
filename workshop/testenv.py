"""Are we in CI? One answer for the whole suite (the harness's plugin and tests/ alike).

In CI a missing capability that a README promise depends on (a cluster, kubectl, Chromium,
Playwright) is a failure that says what to install; on a developer's machine it is a skip
with the same words.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

_TRUE = {"true", "1", "yes"}


def in_ci(environ: Mapping[str, str] | None = None) -> bool:
    """CI=true (any case), CI=1 or CI=yes: what GitHub Actions, GitLab and .ci/run set."""
    return (os.environ if environ is None else environ).get("CI", "").strip().lower() in _TRUE
