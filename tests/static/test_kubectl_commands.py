"""The kubectl commands of a snippet, read as bash reads them: every redirection form is a
redirection, never an argument (the shlex lexer this replaced turned `2>/dev/null` into the
argument `2`), and what the extraction does not follow is refused, not misread."""

from __future__ import annotations

import pytest

from workshop.kubectl_commands import UnsupportedShell, kubectl_commands

REDIRECTIONS = [
    "2>/dev/null",
    "2>&1",
    ">/tmp/out",
    ">>/tmp/out",
    "</dev/null",
    "&>/dev/null",
    ">&2",
    "1>/tmp/out 2>/tmp/err",
    "2> /dev/null",
    "> /tmp/out",
    ">|/tmp/out",
    "<<<'input'",
]


@pytest.mark.parametrize("redirection", REDIRECTIONS)
def test_a_redirection_is_not_an_argument(redirection):
    (command,) = kubectl_commands(f"kubectl get pods -o name {redirection}\n")
    assert command.argv == ["get", "pods", "-o", "name"], redirection


@pytest.mark.parametrize("redirection", REDIRECTIONS)
def test_a_redirection_before_the_arguments_is_not_one_either(redirection):
    (command,) = kubectl_commands(f"kubectl {redirection} get pods\n")
    assert command.argv == ["get", "pods"], redirection


def test_quotes_continuations_lists_and_assignments_are_read_as_bash_reads_them():
    text = (
        "A=1 kubectl wait --for=jsonpath='{.status.ready}'=10 \\\n  job/s3-x --timeout=3m && echo ok\n"
        'kubectl delete pod "c1-x" ; kubectl get pods &\n'
    )
    commands = kubectl_commands(text)
    assert [c.argv for c in commands] == [
        ["wait", "--for=jsonpath={.status.ready}=10", "job/s3-x", "--timeout=3m"],
        ["delete", "pod", "c1-x"],
        ["get", "pods"],
    ]
    assert [c.line for c in commands] == [1, 3, 3]


def test_a_pipe_from_kubectl_to_kubectl_is_kept_and_no_other():
    first, second = kubectl_commands("kubectl create cm x --dry-run=client -o yaml 2>&1 | kubectl replace -f -\n")
    assert second.stdin_from == first and first.stdin_from is None
    (alone,) = kubectl_commands("cat x.yaml | kubectl apply -f -\n")
    assert alone.stdin_from is None


def test_comments_and_other_commands_are_not_kubectl():
    assert kubectl_commands("# kubectl get pods\necho kubectl\nls -l\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "echo $(kubectl get pods)\n",
        "echo `kubectl get pods`\n",
        "( kubectl get pods )\n",
        "for i in 1 2; do kubectl get pods; done\n",
        "if true; then kubectl get pods; fi\n",
        "kubectl apply -f - <<EOF\nkind: Pod\nEOF\n",
    ],
)
def test_what_the_extraction_does_not_follow_is_refused(text):
    with pytest.raises(UnsupportedShell):
        kubectl_commands(text)
