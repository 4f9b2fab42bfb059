"""Every name built from <username> is valid for its kind, for the shortest and the longest
username the site accepts."""
from __future__ import annotations

import pytest

from workshop.harness.static_checks import longest_username, name_problems
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
