"""When the docs are wrong, the live tier fails and says where: page, snippet, line, command,
the sentence whose claim no longer holds, and the pod's state. Afterwards the namespace holds
exactly what it held before."""

from __future__ import annotations

import re

from harnesskit import break_snippet, expected_leftovers, objects_in, project_copy, run_live


def test_wrong_snippets_fail_with_page_snippet_and_line(tmp_path, kubeconfig, api, namespace):
    copy = project_copy(tmp_path)
    # A broken command: the ConfigMap's file is mounted elsewhere, so the page's
    # `cat /tmp/hello.txt` (line 2 of the in-pod snippet) fails.
    break_snippet(copy, "simple-config-files/c1.yaml", "mountPath: /tmp/hello.txt", "mountPath: /srv/hello.txt")
    # A false sentence: without `medium: Memory` the emptyDir is no ramdisk any more.
    break_snippet(copy, "ephemeral-storage/s1.yaml", "emptyDir:\n      medium: Memory", "emptyDir: {}")

    # As under GitHub Actions: annotations on the lines that are wrong, and the job summary.
    step_summary = tmp_path / "step-summary.md"
    result = run_live(
        copy,
        kubeconfig,
        namespace,
        "wkself",
        1,
        "tests/live/test_simple_config_files.py",
        "tests/live/test_ephemeral_storage.py",
        "tests/live/test_cleanup.py",
        env={
            "GITHUB_ACTIONS": "true",
            "GITHUB_STEP_SUMMARY": str(step_summary),
            "WORKSHOP_REPORTS": str(tmp_path / "r"),
        },
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, (
        f"the live tier did not fail on wrong docs (exit {result.returncode}):\n{out[-4000:]}"
    )
    # Only the wrong pages fail: the end-of-session cleanup page still passes after them.
    assert re.search(r"\b2 failed, 1 passed\b", out), out[-4000:]

    broken_command = _failure_of("test_simple_config_files", out)
    assert re.search(r"\[simple-config-files as wkself[a-z0-9]+-1\]", broken_command), broken_command
    assert "snippets/simple-config-files/in-pod-show-file.sh:2" in broken_command, broken_command
    assert "command: cat /tmp/hello.txt" in broken_command, broken_command
    assert "No such file or directory" in broken_command, broken_command
    assert re.search(r"pod c1-wkself\S+: Running", broken_command), broken_command  # the pod's state
    # The failed page's objects go at once, so they cannot reappear as another page's failure.
    assert re.search(r"the harness deleted what the page had made: .*pods/c1-wkself\S+-1", broken_command), (
        broken_command
    )
    assert re.search(r"the harness deleted what the page had made: .*configmaps/config1-wkself\S+-1", broken_command)

    false_sentence = _failure_of("test_ephemeral_storage", out)
    assert re.search(r"\[ephemeral-storage as wkself[a-z0-9]+-1\]", false_sentence), false_sentence
    assert "the page says: “the real ramdisk is /mytmp”" in false_sentence, false_sentence
    assert "(after snippets/ephemeral-storage/" in false_sentence, false_sentence

    assert objects_in(api, namespace) == expected_leftovers()

    # Where the maintainer looks: each failure at the page's line, the snippet's and the claim's.
    annotations = re.findall(r"^::error file=([^,]+),line=(\d+),title=([^:]+)::", result.stdout, re.M)
    places = {(file, title.replace("%3A", ":")) for file, _, title in annotations}
    assert ("snippets/simple-config-files/in-pod-show-file.sh", "page simple-config-files: the snippet") in places
    assert ("docs/simple-config-files.md", "page simple-config-files: the page's block") in places
    assert ("docs/ephemeral-storage.md", "page ephemeral-storage: the page's sentence") in places
    assert ("tests/live/test_ephemeral_storage.py", "page ephemeral-storage: the claim") in places, annotations
    snippet_line = next(int(line) for file, line, _ in annotations if file.endswith("in-pod-show-file.sh"))
    assert snippet_line == 2
    sentence_line = next(int(line) for file, line, t in annotations if file == "docs/ephemeral-storage.md")
    page = (copy / "docs" / "ephemeral-storage.md").read_text().splitlines()
    assert "ramdisk is" in " ".join(page[sentence_line - 1 : sentence_line + 1]), page[sentence_line - 1]
    summary = step_summary.read_text()
    assert "| simple-config-files | failed |" in summary and "| cleanup | passed |" in summary, summary
    assert "**ephemeral-storage**" in summary and "docs/ephemeral-storage.md:" in summary, summary
    assert summary == (tmp_path / "r" / "summary.md").read_text()


def _failure_of(test: str, out: str) -> str:
    """The failure section pytest printed for one test."""
    match = re.search(rf"_{{3,}} {test} _{{3,}}\n(.*?)(?=\n_{{3,}} |\n={{3,}} )", out, re.DOTALL)
    assert match, f"no failure section for {test} in:\n{out[-4000:]}"
    return match.group(1)


def test_a_page_that_deletes_what_it_keeps_fails_itself(tmp_path, kubeconfig, api, namespace):
    """Using a secret keeps the secret for the next page (KEEPS): a cleanup that deletes it fails
    that very page, naming what it says it keeps, not the later page that would miss it."""
    copy = project_copy(tmp_path)
    break_snippet(
        copy,
        "using-a-secret/cleanup.sh",
        "kubectl delete job c4p-<username> c4pt-<username>",
        "kubectl delete job c4p-<username> c4pt-<username>\nkubectl delete secret github-secret-<username>",
    )
    result = run_live(copy, kubeconfig, namespace, "wkkeep", 1, "tests/live/test_using_a_secret.py")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out[-4000:]
    failure = _failure_of("test_using_a_secret", out)
    assert re.search(
        r"\[using-a-secret as wkkeep[a-z0-9]+-1\] the harness checks that the page leaves "
        r"github-secret-wkkeep\S+ for the pages after it \(its KEEPS\)",
        failure,
    ), failure
    assert "is gone when the page ends" in failure, failure
    assert objects_in(api, namespace) == expected_leftovers()
