"""workshop.username: the rule comes from the snippets, and it keeps every name valid."""

from __future__ import annotations

import re

import pytest

from workshop.username import LABEL_MAX, InvalidUsername, check_username, derive_rule, name_uses, suggest

DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")


def write(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_longest_possible_username_makes_valid_names_everywhere():
    rule = derive_rule()
    longest = "a" * rule.max_length
    for use in name_uses():
        name = use.template.replace("<username>", longest)
        assert len(name) <= use.limit, use
        assert (DNS_LABEL if use.limit == LABEL_MAX else DNS_SUBDOMAIN).match(name), use
    # One more character and the tightest name no longer fits (or the name is no label).
    too_long = rule.tightest.template.replace("<username>", longest + "a")
    assert len(too_long) > rule.tightest.limit or rule.max_length == LABEL_MAX


def test_a_job_name_is_limited_by_its_label(tmp_path):
    prefix = "a-rather-long-job-name-prefix-"
    snippets = write(tmp_path, {"job/j.yaml": f"kind: Job\nmetadata:\n  name: {prefix}<username>\n"})
    rule = derive_rule(snippets)
    assert rule.max_length == LABEL_MAX - len(prefix)
    assert rule.tightest.template == f"{prefix}<username>"
    assert str(rule.max_length) in rule.message


def test_a_job_named_in_a_kubectl_command_counts_as_a_job(tmp_path):
    prefix = "an-even-longer-prefix-for-a-job-"
    snippets = write(tmp_path, {"s/logs.sh": f"kubectl logs job/{prefix}<username>\n"})
    assert derive_rule(snippets).max_length == LABEL_MAX - len(prefix)


def test_other_names_leave_the_username_a_label(tmp_path):
    snippets = write(tmp_path, {"c/cm.sh": "kubectl create configmap config1-<username> --from-file=x\n"})
    assert derive_rule(snippets).max_length == LABEL_MAX


def test_snippets_without_the_placeholder_are_an_error(tmp_path):
    with pytest.raises(RuntimeError):
        derive_rule(write(tmp_path, {"a.sh": "kubectl get pods\n"}))


@pytest.mark.parametrize("bad", ["Alice", "bob_1", "-x", "x-", "", "a" * 200, "<img src=x onerror=alert(1)>", "a.b"])
def test_bad_usernames_are_refused_with_what_is_allowed(bad):
    with pytest.raises(InvalidUsername) as refused:
        check_username(bad)
    assert derive_rule().message in str(refused.value)


@pytest.mark.parametrize("good", ["alice", "team-3", "7", "0a-b9"])
def test_good_usernames_pass(good):
    assert check_username(good) == good
    longest = "a" * derive_rule().max_length
    assert check_username(longest) == longest


@pytest.mark.parametrize("value", ["alice\n", "alice\r\n", "\nalice", "ali ce"])
def test_whitespace_around_or_inside_a_username_is_refused(value):
    # The browser's rule (an anchored RegExp) refuses these; Python's must agree.
    with pytest.raises(InvalidUsername):
        check_username(value)
    assert not re.fullmatch(derive_rule().as_dict()["pattern"].strip("^$"), value)


# What the browser suggests must be what Python suggests: tests/browser/test_username.py
# runs the same cases through the page's script.
SUGGESTIONS = {
    "Alice": "alice",
    "bob_1": "bob-1",
    "Anna Smith": "anna-smith",
    "-x-": "x",
    "a.b": "a-b",
    "__": None,
    "alice": None,
    "<img src=x onerror=alert(1)>": "img-src-x-onerror-alert-1",
}


@pytest.mark.parametrize("value", list(SUGGESTIONS))
def test_a_refused_name_comes_with_the_closest_allowed_one(value):
    assert suggest(value) == SUGGESTIONS[value]
    if SUGGESTIONS[value]:
        assert check_username(SUGGESTIONS[value])
        with pytest.raises(InvalidUsername, match=f"Try '{SUGGESTIONS[value]}'"):
            check_username(value)


def test_a_too_long_name_is_told_its_length_and_the_limit():
    rule = derive_rule()
    value = "a" * (rule.max_length + 5)
    with pytest.raises(InvalidUsername) as refused:
        check_username(value, source="roster line 3")
    text = str(refused.value)
    assert f"{len(value)} characters long" in text and f"at most {rule.max_length}" in text
    assert "<username>" not in text and ".yaml" not in text and ".sh" not in text, text
    assert f"Try '{'a' * rule.max_length}'" in text
