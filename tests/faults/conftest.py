"""tests/faults: the harness on a cluster that misbehaves. Only a cluster made on this machine can
be made to (its components are processes here: cluster/kind/up's node); the tests
stop, freeze and restart them, so scripts/run-tests runs this folder after the others, with the
lifecycle tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "harness")]


@pytest.fixture
def api(kubeconfig):
    import kubernetes

    return kubernetes.config.new_client_from_config(config_file=kubeconfig)
