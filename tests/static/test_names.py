"""Every name built from <username> is valid for its kind, for the shortest and the longest
username the site accepts."""

from __future__ import annotations

import pytest

from workshop.harness.static.checks import longest_username, name_problems
from workshop.username import check_username, name_uses

USES = name_uses()


@pytest.mark.parametrize("username", ["a", longest_username()], ids=["shortest", "longest"])
def test_names_are_valid_for_their_kind(username):
    check_username(username)
    problems = [f"snippets/{u.source}: {p}" for u in USES for p in name_problems(u, username)]
    assert not problems, "\n".join(problems)


def test_one_character_more_is_refused():
    with pytest.raises(ValueError):
        check_username(longest_username() + "x")


def test_the_leftover_listing_finds_a_participants_objects_and_nobody_elses():
    """The cleanup page's listing greps `kubectl get -o name` output. A job's pods add "-" and
    five characters of Kubernetes' name alphabet (an indexed job's, "-<index>-" first); another
    participant whose name extends this one ("anna" and "anna-smith") must not show up."""
    import re
    import shlex

    from workshop.paths import SNIPPETS
    from workshop.placeholders import substitute

    text = substitute((SNIPPETS / "cleanup" / "list-leftovers.sh").read_text(), {"username": "anna"})
    words = shlex.split(text.replace("\\\n", " "))
    pattern = re.compile(words[words.index("--") + 1])
    mine = [
        "pod/c1-anna",
        "job.batch/c3-anna",
        "pod/c3-anna-x7k2p",
        "pod/s3-anna-3-bcd5f",
        "configmap/config1-anna",
        "secret/github-secret-anna",
        "persistentvolumeclaim/vol-anna",
    ]
    others = [
        "pod/c1-anna-smith",
        "pod/c1-anna-2",
        "configmap/config1-anna-bcdfg",
        "pod/c3-anna-smith-x7k2p",
        "pod/c1-joanna",
        "configmap/kube-root-ca.crt",
        "persistentvolumeclaim/cvmfs",
    ]
    assert [n for n in mine if not pattern.search(n)] == []
    assert [n for n in others if pattern.search(n)] == []
