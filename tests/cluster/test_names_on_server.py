"""Every name built from the longest username the site accepts is valid on the API server
itself, not only in the project's model of Kubernetes' rules: each manifest, filled with that
name, is created with a server-side dry run (the server validates and admits it, stores
nothing), and so is an object of the right kind for every name the shell snippets build."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from clusterkit import kubectl_path

from workshop.harness.static.checks import filled, longest_username
from workshop.pages import snippet_files
from workshop.username import LABEL_LIMITED_KINDS, name_uses

MANIFESTS = [s for s in snippet_files() if s.endswith(".yaml")]
LONGEST = longest_username()


def dry_run(k8s, namespace: str, text: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            kubectl_path(),
            "--kubeconfig",
            k8s.kubeconfig,
            "-n",
            namespace,
            "create",
            "--dry-run=server",
            "-o",
            "name",
            "-f",
            "-",
        ],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("snippet", MANIFESTS)
def test_a_manifest_with_the_longest_username_is_admitted(k8s, namespace, snippet):
    text = filled(snippet, LONGEST)
    result = dry_run(k8s, namespace, text)
    assert result.returncode == 0, f"snippets/{snippet} with {LONGEST!r}:\n{result.stderr}"
    created = result.stdout.split()
    assert len(created) == len([d for d in yaml.safe_load_all(text) if d]), result.stdout


def _object(kind: str, name: str) -> dict:
    if kind in LABEL_LIMITED_KINDS:  # a Job: its name goes into its pods' job-name label
        return {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {"name": name},
            "spec": {
                "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "rockylinux:8"}]}}
            },
        }
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}}


SHELL_NAMES = sorted({(u.template, u.kind) for u in name_uses() if not u.source.endswith(".yaml")})


@pytest.mark.parametrize("template,kind", SHELL_NAMES, ids=[t for t, _ in SHELL_NAMES])
def test_a_name_the_shell_snippets_build_is_admitted(k8s, namespace, template, kind):
    name = template.replace("<username>", LONGEST)
    result = dry_run(k8s, namespace, yaml.safe_dump(_object(kind, name)))
    assert result.returncode == 0, f"{template} with {LONGEST!r} ({len(name)} characters):\n{result.stderr}"


def test_one_character_longer_is_refused_by_the_server(k8s, namespace):
    """The check above can fail: the tightest name, one character longer, is refused."""
    tightest = min((u for u in name_uses() if u.kind in LABEL_LIMITED_KINDS), key=lambda u: u.room)
    name = tightest.template.replace("<username>", LONGEST + "x")
    result = dry_run(k8s, namespace, yaml.safe_dump(_object(tightest.kind, name)))
    assert result.returncode != 0 and "63" in result.stderr, result.stderr
