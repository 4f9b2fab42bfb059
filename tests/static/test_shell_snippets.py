"""Every shell snippet parses as bash, and every kubectl command in it is accepted by the
cluster's kubectl (see workshop.harness.static.checks for the unreachable-server trick)."""

from __future__ import annotations

import pytest

from workshop.harness.static.checks import bash_syntax, filled, longest_username, prepare_workdir
from workshop.kubectl_commands import KubectlCommand, kubectl_commands
from workshop.pages import snippet_files

SHELL = [s for s in snippet_files() if s.endswith(".sh")]
LOCAL = [s for s in SHELL if not s.rsplit("/", 1)[-1].startswith("in-pod-")]


@pytest.mark.parametrize("snippet", SHELL)
def test_snippet_parses_as_bash(snippet):
    error = bash_syntax(filled(snippet, longest_username()))
    assert error is None, f"snippets/{snippet}: {error}"


@pytest.mark.parametrize("snippet", LOCAL)
def test_kubectl_accepts_the_arguments(snippet, kubectl_args, tmp_path):
    username = longest_username()
    commands = kubectl_commands(filled(snippet, username))
    workdir = prepare_workdir(tmp_path, snippet, username, commands)
    rejected = [c for c in (kubectl_args.check(cmd, workdir) for cmd in commands) if not c.accepted]
    assert not rejected, "\n".join(
        f"snippets/{snippet}:{c.command.line}: {c.command.text}\n  kubectl {kubectl_args.version()} says: {c.output}"
        for c in rejected
    )


def test_the_check_rejects_what_kubectl_rejects(kubectl_args, tmp_path):
    bad = [
        KubectlCommand(1, ["get", "pods", "--no-such-flag"]),
        KubectlCommand(1, ["frobnicate", "pod/x"]),
        KubectlCommand(1, ["wait", "--for=conditon=Ready", "pod/x"]),
    ]
    good = KubectlCommand(1, ["get", "pods"])
    assert not any(kubectl_args.check(c, tmp_path).accepted for c in bad)
    assert kubectl_args.check(good, tmp_path).accepted


def test_pipes_between_kubectl_commands_are_followed():
    (first, second) = kubectl_commands(
        "kubectl create cm x --from-file=a --dry-run=client -o yaml | kubectl replace -f -\n"
    )
    assert second.stdin_from == first and first.stdin_from is None
    (listing,) = kubectl_commands("kubectl get pods -o name | grep -E -- '-x(-|$)' || echo none\n")
    assert listing.argv[:2] == ["get", "pods"]
