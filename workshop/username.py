"""Which usernames make valid Kubernetes names everywhere the tutorial uses them.

The rule is derived from the snippets, not hard-coded: every object name that contains
``<username>`` is found (``metadata.name`` and references in manifests, names after
``kubectl <verb> <kind>`` in shell snippets), and the longest text around the placeholder,
together with the name limit of that object's kind, gives the maximum length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from workshop.k8s_names import LABEL_MAX, LABEL_RE, SUBDOMAIN_MAX
from workshop.paths import SNIPPETS
from workshop.placeholders import USERNAME

# A username is used as the tail of names and may be used as a label value, so it must be
# a DNS-1123 label itself: lowercase alphanumerics and '-', alphanumeric at both ends.
# Anchored for the browser's RegExp (docs/javascripts/username.js), where `$` is the very end.
PATTERN = f"^{LABEL_RE.pattern}$"
# Kinds whose name is copied into a label value by a controller (Job -> job-name label).
LABEL_LIMITED_KINDS = {
    "Job": "a Job's name becomes its pods' job-name label (max 63)",
    # Found by creating the objects with a server-side dry run (tests/cluster/test_names_on_server.py).
    "IndexedPod": "an Indexed Job's pods get the hostname <job>-<index>, a DNS label (max 63)",
}

# The text around <username> that can belong to one name: it starts and ends with a letter
# or digit (so the "-" of a grep pattern such as '-<username>(-|$)' is not taken for a name).
_NAME_CHARS = r"(?:[a-z0-9][a-z0-9.-]*)?"
_NAME_TAIL = r"(?:[a-z0-9.-]*[a-z0-9])?"
_NAME_AROUND = re.compile(r"(?<![a-z0-9.-])" + _NAME_CHARS + re.escape(USERNAME.token) + _NAME_TAIL)


class InvalidUsername(ValueError):
    """A username that would produce invalid Kubernetes names; the message says what is allowed."""


@dataclass(frozen=True)
class NameUse:
    template: str  # e.g. "c4pt-<username>"
    kind: str  # "Job", "ConfigMap", ... or "object" when not known
    source: str  # snippet file (relative) that uses it
    limit: int
    why: str

    @property
    def room(self) -> int:
        return self.limit - (len(self.template) - len(USERNAME.token))


@dataclass(frozen=True)
class UsernameRule:
    max_length: int
    tightest: NameUse

    @property
    def message(self) -> str:
        return (
            f"Use 1 to {self.max_length} characters: lowercase letters a-z, digits and '-', "
            f"starting and ending with a letter or digit (for example alice or team-3)."
        )

    def as_dict(self) -> dict:
        return {"pattern": PATTERN, "maxLength": self.max_length, "message": self.message}


def _names_in_manifest(doc):
    kind = doc.get("kind", "object")
    name = (doc.get("metadata") or {}).get("name", "")
    if USERNAME.token in name:
        yield name, kind
        spec = doc.get("spec") or {}
        if kind == "Job" and spec.get("completionMode") == "Indexed":
            # Its pods' hostname: the Job's name, "-", and the highest completion index.
            yield f"{name}-{max(int(spec.get('completions') or 1) - 1, 0)}", "IndexedPod"
    # Names referenced anywhere else (claimName, configMap name, secretKeyRef, ...).
    for text in _strings(doc):
        if text is not name:
            for match in _NAME_AROUND.findall(text):
                yield match, "object"


def _strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


_KUBECTL_JOB = re.compile(r"\b(job|jobs|job\.batch)[ /]+(" + _NAME_CHARS + re.escape(USERNAME.token) + _NAME_TAIL + ")")


def name_uses(snippets: Path = SNIPPETS) -> list[NameUse]:
    found: list[tuple[str, str, str]] = []  # (template, kind, source)
    for path in sorted(snippets.rglob("*")):
        if not path.is_file():
            continue
        source = str(path.relative_to(snippets))
        text = path.read_text(encoding="utf-8")
        if path.suffix in {".yaml", ".yml"}:
            for doc in yaml.safe_load_all(text):
                if isinstance(doc, dict):
                    found += [(t, k, source) for t, k in _names_in_manifest(doc)]
        else:
            jobs = {m.group(2) for m in _KUBECTL_JOB.finditer(text)}
            found += [(t, "Job" if t in jobs else "object", source) for t in _NAME_AROUND.findall(text)]
    # A name is limited by the strictest kind it is used as anywhere (a Job's name is also
    # written as a plain reference in other snippets).
    limited = {t: k for t, k, _ in found if k in LABEL_LIMITED_KINDS}
    uses = []
    for template, kind, source in found:
        if template in limited:
            kind = limited[template]
            uses.append(NameUse(template, kind, source, LABEL_MAX, LABEL_LIMITED_KINDS[kind]))
        else:
            uses.append(
                NameUse(template, kind, source, SUBDOMAIN_MAX, "object names are DNS-1123 subdomains (max 253)")
            )
    return uses


@lru_cache(maxsize=4)
def derive_rule(snippets: Path = SNIPPETS) -> UsernameRule:
    uses = name_uses(snippets)
    if not uses:
        raise RuntimeError(f"no name containing {USERNAME.token} found under {snippets}")
    tightest = min(uses, key=lambda u: u.room)
    # The username itself must be a label (see LABEL_RE), so never more than 63.
    return UsernameRule(max_length=min(tightest.room, LABEL_MAX), tightest=tightest)


def suggest(value: str, rule: UsernameRule | None = None) -> str | None:
    """The allowed username closest to a refused one ("Alice" -> "alice", "bob_1" -> "bob-1"),
    or None when nothing sensible is left. docs/javascripts/username.js does the same, step by
    step (tests/browser/test_username.py compares the two)."""
    rule = rule or derive_rule()
    name = re.sub(r"[^a-z0-9]+", "-", value.strip().lower()).strip("-")
    name = name[: rule.max_length].rstrip("-")
    return name if name and name != value and LABEL_RE.fullmatch(name) else None


def check_username(value: str, source: str = "username", rule: UsernameRule | None = None) -> str:
    """Return the value if it is a valid username, else raise InvalidUsername saying what to do."""
    rule = rule or derive_rule()
    shown = value if len(value) <= 40 else value[:37] + "..."
    if not value:
        raise InvalidUsername(f"{source}: the username is empty. {rule.message}")
    suggestion = suggest(value, rule)
    fix = f" Try {suggestion!r}." if suggestion else ""
    if len(value) > rule.max_length:
        raise InvalidUsername(
            f"{source}: {shown!r} is {len(value)} characters long; a username can be at most "
            f"{rule.max_length}, because the tutorial builds longer names from it and Kubernetes "
            f"limits them.{fix} {rule.message}"
        )
    if not LABEL_RE.fullmatch(value):  # not .match: its $ accepts a trailing newline
        raise InvalidUsername(f"{source}: {shown!r} is not allowed.{fix} {rule.message}")
    return value


def longest_example(rule: UsernameRule | None = None) -> str:
    """A readable username of the greatest allowed length (tests, benchmarks, handout samples)."""
    n = (rule or derive_rule()).max_length
    words = "workshop-participant-with-the-longest-username-allowed-"
    name = (words + "0123456789" * 7)[:n]
    return name if name[-1] != "-" else name[:-1] + "0"
