"""The live tier's own run-time checks that every block of a page ran, tried on scenarios made
wrong on purpose: one that skips a block its RUNS declares, one that runs a snippet its RUNS
does not declare. Each must fail, naming the page and the snippet; the namespace is left as
it was."""

from __future__ import annotations

import re

from harnesskit import expected_leftovers, objects_in, project_copy, run_live

SCENARIO = "tests/live/test_simple_config_files.py"


def _edit_scenario(copy, old: str, new: str) -> None:
    path = copy / SCENARIO
    text = path.read_text()
    assert old in text, f"the mutation no longer applies: {old!r} is not in {SCENARIO}"
    path.write_text(text.replace(old, new, 1))


def test_a_scenario_that_skips_a_declared_block_fails(tmp_path, kubeconfig, api, namespace):
    copy = project_copy(tmp_path)
    # The listing is no longer run: its claim is then checked against a made-up value.
    _edit_scenario(
        copy,
        'listing = p.run("simple-config-files/get-configmaps.sh").stdout',
        'listing = p.name("config1-<username>")',
    )
    result = run_live(copy, kubeconfig, namespace, "wkskip", 1, SCENARIO)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out[-4000:]
    assert re.search(
        r"\[simple-config-files as wkskip[a-z0-9]+-1\] declared in RUNS but never run: "
        r"\['simple-config-files/get-configmaps.sh'\]",
        out,
    ), out[-4000:]
    assert objects_in(api, namespace) == expected_leftovers()


def test_a_scenario_that_runs_an_undeclared_snippet_fails(tmp_path, kubeconfig, api, namespace):
    copy = project_copy(tmp_path)
    _edit_scenario(
        copy,
        'p.run("simple-config-files/create-hello.sh")',
        'p.run("cleanup/list-leftovers.sh")\n    p.run("simple-config-files/create-hello.sh")',
    )
    result = run_live(copy, kubeconfig, namespace, "wkundecl", 1, SCENARIO)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out[-4000:]
    assert (
        "[simple-config-files] the scenario runs 'cleanup/list-leftovers.sh', which its RUNS does not declare" in out
    ), out[-4000:]
    assert objects_in(api, namespace) == expected_leftovers()
