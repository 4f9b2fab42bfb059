"""Where the project's parts are, and the one pinned Kubernetes version: the home of both.

Everything else imports these instead of recomputing ``Path(__file__).parent.parent``; a copy
of the project (tests/harness runs one) finds its own parts through the copy's package.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"
DIAGRAMS = DOCS / "diagrams"
SNIPPETS = ROOT / "snippets"
LIVE_TESTS = ROOT / "tests" / "live"
# WORKSHOP_REPORTS: a run that tests drive (tests/harness) keeps its reports apart from the suite's.
REPORTS = Path(os.environ.get("WORKSHOP_REPORTS") or ROOT / "reports")
CLUSTER = ROOT / "cluster"
# The cluster scripts' settings: K8S_VERSION and ETCD_VERSION are pinned there, once.
CLUSTER_SETTINGS = CLUSTER / "lib" / "common.sh"

_SETTING_RE = re.compile(r"^(?P<key>[A-Z0-9_]+)=(?P<value>\S+)$", re.MULTILINE)


class MissingSetting(LookupError):
    """cluster/lib/common.sh lacks a pinned value (the checkout is incomplete)."""


@cache
def cluster_setting(key: str) -> str:
    """A plain ``KEY=value`` line of cluster/lib/common.sh, e.g. K8S_VERSION -> v1.34.4."""
    try:
        text = CLUSTER_SETTINGS.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MissingSetting(f"{CLUSTER_SETTINGS} is missing; it pins {key}") from None
    for match in _SETTING_RE.finditer(text):
        if match["key"] == key:
            return match["value"]
    raise MissingSetting(f"{CLUSTER_SETTINGS} sets no {key}")


def kubernetes_version() -> str:
    """The Kubernetes release the test cluster runs and the manifests are validated against."""
    return cluster_setting("K8S_VERSION")
