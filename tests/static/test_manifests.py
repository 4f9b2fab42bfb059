"""Every manifest validates strictly (unknown fields are errors) against the schema of the
cluster's Kubernetes version, filled with the longest allowed username."""

from __future__ import annotations

import pytest

from workshop.harness.static.checks import cluster_version, filled, longest_username, validate_manifest
from workshop.pages import snippet_files

MANIFESTS = [s for s in snippet_files() if s.endswith((".yaml", ".yml"))]


@pytest.mark.parametrize("snippet", MANIFESTS)
def test_manifest_validates_strictly(snippet):
    errors = validate_manifest(filled(snippet, longest_username()), cluster_version())
    assert not errors, f"snippets/{snippet} (Kubernetes {cluster_version()}, strict):\n" + "\n".join(errors)


def test_strict_validation_rejects_an_unknown_field():
    text = filled("simple-config-files/c1.yaml", "alice").replace("    image:", "    imagee: x\n    image:", 1)
    assert any("imagee" in e for e in validate_manifest(text, cluster_version()))
