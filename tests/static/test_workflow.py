"""The online workflow as a maintainer wants it, and one path for it and for .ci/run: both run
scripts/run-tests, which makes the same kind cluster (cluster/kind/up, kind from
scripts/install-tools), applies the site profile and runs the tests; the workflow differs only
in WORKSHOP_ONLINE=1, that is, in where the node image, the images and the repositories come
from."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import yaml

from workshop.paths import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "cluster-kind.yml"
PAGES = ROOT / ".github" / "workflows" / "pages.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return workflow()["jobs"]["kind"]["steps"]


def test_ci_and_the_workflow_run_the_same_test_script():
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M), ".ci/run no longer runs `make test`"
    assert re.search(r"^test:\n\tscripts/run-tests$", (ROOT / "Makefile").read_text(), re.M)
    runs = [s for s in steps() if "run" in s]
    tests = [s for s in runs if "scripts/run-tests" in s["run"]]
    assert len(tests) == 1 and tests[0]["run"].strip() == "scripts/run-tests", (
        "the workflow's test step must be exactly scripts/run-tests"
    )
    assert tests[0]["env"]["WORKSHOP_CLUSTER"] == "kind" and tests[0]["env"]["WORKSHOP_ONLINE"] == "1"
    for step in runs:  # nothing beside it installs kind, makes a cluster, applies the profile or runs pytest
        for forbidden in (
            "go install",
            "kind create",
            "kind delete",
            "profile/apply",
            "pytest",
            "cluster/up",
            "cluster/kind",
        ):
            assert forbidden not in step["run"], f"step {step.get('name')!r} runs {forbidden!r} itself"
    script = (ROOT / "scripts" / "run-tests").read_text()
    # .ci/run passes no WORKSHOP_CLUSTER: its cluster is run-tests' default, kind, as online.
    assert "WORKSHOP_CLUSTER" not in (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^up=cluster/kind/up; down=cluster/kind/down$", script, re.M), (
        "run-tests does not make the kind cluster"
    )
    up = (ROOT / "cluster" / "kind" / "up").read_text()
    assert "profile/apply" in up and "kind/config.yaml" in up
    assert "install-tools" in (ROOT / "cluster" / "kind" / "kind.sh").read_text(), (
        "kind/up's kind is not install-tools'"
    )
    # Online and offline differ only where WORKSHOP_ONLINE is read: in kind/up, not in the config.
    assert "WORKSHOP_ONLINE" not in (ROOT / "cluster" / "kind" / "config.yaml").read_text()


@pytest.mark.parametrize("path", [WORKFLOW, PAGES], ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_with_their_version_said(path):
    text = path.read_text(encoding="utf-8")
    uses = re.findall(r"^\s*-?\s*uses:\s*(\S+)(.*)$", text, re.M)
    assert uses, "no actions found"
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), f"{ref}: not pinned by a full commit SHA"
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", comment), f"{ref}: no '# vX.Y.Z' comment naming the version"


def test_least_privilege_and_the_token_only_where_it_is_needed():
    flow = workflow()
    assert flow["permissions"] == {"contents": "read"}
    checkout = next(s for s in steps() if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout.get("with", {}).get("persist-credentials") is False
    # The token is never in reach of a step that installs anything (apt, pip, make, go, curl):
    # one step writes it into a file of the runner's, which the test step names.
    with_secrets = [s for s in steps() if "secrets." in yaml.safe_dump(s)]
    assert len(with_secrets) == 1, [s.get("name") for s in with_secrets]
    writer = with_secrets[0]["run"]
    for installer in ("apt", "pip", "make", "go ", "curl", "scripts/", "npm"):
        assert installer not in writer, f"the step with the secrets runs {installer!r}"
    assert "umask 077" in writer and "git-credentials.env" in writer
    test_step = next(s for s in steps() if s.get("run", "").strip() == "scripts/run-tests")
    assert "secrets." not in yaml.safe_dump(test_step)
    assert test_step["env"]["WORKSHOP_GIT_CREDENTIALS"].endswith("/secrets/git-credentials.env")
    install = [s for s in steps() if "make -s setup" in s.get("run", "")]
    assert install and steps().index(install[0]) < steps().index(with_secrets[0]), "install before the secret"
    assert "secrets." not in yaml.safe_dump({k: v for k, v in flow.items() if k != "jobs"})
    assert "secrets." not in yaml.safe_dump(flow["jobs"]["kind"].get("env", {}))


def test_downloads_are_checked_and_versions_agree():
    tools = next(s for s in steps() if "kubectl" in s.get("run", "") and "curl" in s.get("run", ""))
    assert "kubectl.sha256" in tools["run"] and "sha256sum --check" in tools["run"]
    env = workflow()["jobs"]["kind"]["env"]
    config = yaml.safe_load((ROOT / "cluster" / "kind" / "config.yaml").read_text())
    image = config["nodes"][0]["image"]
    assert re.fullmatch(r"kindest/node:v[\d.]+@sha256:[0-9a-f]{64}", image), f"{image}: not pinned by digest"
    assert image.split(":")[1].split("@")[0] == env["KUBECTL_VERSION"], "kubectl and the node image differ"
    local = re.search(r"^K8S_VERSION=(v[\d.]+)$", (ROOT / "cluster" / "lib" / "common.sh").read_text(), re.M)[1]
    assert local == env["KUBECTL_VERSION"], "online and offline run different Kubernetes patches"


def test_the_site_is_published_from_main_by_the_build_ci_tests():
    """pages.yml builds with scripts/build-site (tests/site/test_publish.py runs it) on main only,
    at the Pages address; the pages and id-token rights are the deploy job's alone."""
    flow = yaml.safe_load(PAGES.read_text(encoding="utf-8"))
    assert flow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}  # `on:` reads as True
    assert flow["permissions"] == {"contents": "read"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"} and deploy["needs"] == "build"
    runs = [s for s in build["steps"] if "run" in s]
    assert [s["run"].strip() for s in runs] == ["scripts/build-site site"]
    assert "github.io" in runs[0]["env"]["WORKSHOP_SITE_URL"]
    assert "secrets." not in PAGES.read_text(encoding="utf-8")


def test_actionlint_finds_nothing():
    actionlint = os.environ.get("WORKSHOP_ACTIONLINT") or shutil.which("actionlint")
    if not actionlint or not os.access(actionlint, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail("actionlint is missing: scripts/install-tools builds it (scripts/run-tests does)")
        pytest.skip("actionlint is not built here: run scripts/install-tools")
    result = subprocess.run([actionlint, str(WORKFLOW), str(PAGES)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    if not shutil.which("shellcheck"):
        assert not os.environ.get("CI"), "shellcheck is missing: actionlint did not check the workflow's scripts"
