"""Checks that need no cluster: schema, bash syntax, kubectl's argument parsing, names.

The kubectl check runs the cluster's own kubectl binary against a throwaway kubeconfig whose
server is https://127.0.0.1:1 (nothing listens there, so the connection is refused at once
and nothing can ever reach a real cluster). kubectl parses its command line before it talks
to the server, so:

- exit 0 (commands that are wholly client-side, such as ``create configmap --dry-run=client``),
  or the "connection refused" error  ->  the arguments were accepted;
- "unknown flag", "unknown command", "unrecognized condition", usage errors  ->  rejected.

Mutating verbs get ``--dry-run=client`` added, so even a wrong kubeconfig could change nothing.
What only the server checks (a field selector's field name, an object's existence) is left to
the live tier.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import kubernetes_validate
import yaml

from workshop import k8s_names
from workshop.kubectl_commands import KubectlCommand
from workshop.paths import SNIPPETS, kubernetes_version
from workshop.placeholders import substitute
from workshop.username import LABEL_LIMITED_KINDS, NameUse, derive_rule

# Sample values for <github-user>/<github-token>: shape only, never a real credential.
SAMPLE_SECRETS = {"github-user": "octocat", "github-token": "github_pat_SAMPLE"}


def cluster_version() -> str:
    """The Kubernetes version the cluster is pinned to (cluster/lib/common.sh), e.g. v1.34.4."""
    return kubernetes_version()


def longest_username() -> str:
    """A valid username of the greatest allowed length: the worst case for every name."""
    n = derive_rule().max_length
    return "u" + "x" * (n - 2) + "9" if n > 1 else "u"


def sample_values(username: str) -> dict[str, str]:
    return {"username": username, **SAMPLE_SECRETS}


def filled(snippet: str, username: str) -> str:
    return substitute((SNIPPETS / snippet).read_text(encoding="utf-8"), sample_values(username))


# --- manifests ---------------------------------------------------------------------------


def validate_manifest(text: str, version: str) -> list[str]:
    """Strict schema validation (unknown fields are errors) of every document in the text."""
    errors = []
    wanted = ".".join(version.lstrip("v").split(".")[:2])
    for index, doc in enumerate(yaml.safe_load_all(text)):
        if doc is None:
            continue
        try:
            used = kubernetes_validate.validate(doc, version.lstrip("v"), strict=True)
        except kubernetes_validate.ValidationError as error:
            path = "/".join(str(p) for p in error.absolute_path) or "(top)"
            errors.append(f"document {index}: at {path}: {error.message}")
            continue
        except (
            kubernetes_validate.SchemaNotFoundError,
            kubernetes_validate.utils.VersionNotSupportedError,
        ) as error:
            errors.append(f"document {index}: {getattr(error, 'message', error)}")
            continue
        if used != wanted:
            errors.append(f"document {index}: validated against schema {used}, not the cluster's {wanted}")
    return errors


# --- shell -------------------------------------------------------------------------------


def bash_syntax(text: str) -> str | None:
    """bash -n: None when the text parses, else bash's message."""
    result = subprocess.run(["bash", "-n"], input=text, capture_output=True, text=True, timeout=10)
    return None if result.returncode == 0 else result.stderr.strip()


_MUTATING = {
    "create",
    "delete",
    "replace",
    "apply",
    "patch",
    "label",
    "annotate",
    "run",
    "expose",
    "scale",
    "set",
    "autoscale",
    "cp",
}
_DRY_RUN_VERBS = _MUTATING - {"cp"}
_REFUSED = ("127.0.0.1:1 was refused", "dial tcp 127.0.0.1:1: connect: connection refused")

UNREACHABLE_KUBECONFIG = """\
apiVersion: v1
kind: Config
clusters:
- name: unreachable
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: nobody
  user: {token: not-a-token}
contexts:
- name: unreachable
  context: {cluster: unreachable, user: nobody, namespace: static-check}
current-context: unreachable
"""


@dataclass(frozen=True)
class ArgCheck:
    command: KubectlCommand
    accepted: bool
    output: str  # kubectl's stderr, for the failure message


class KubectlArgs:
    """Runs commands through kubectl's own parser, with a server that cannot be reached."""

    def __init__(self, kubectl: Path, scratch: Path):
        self.kubectl = Path(kubectl)
        self.scratch = Path(scratch)
        self.scratch.mkdir(parents=True, exist_ok=True)
        (self.scratch / "kubeconfig").write_text(UNREACHABLE_KUBECONFIG)
        self.env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self.scratch),
            "KUBECONFIG": str(self.scratch / "kubeconfig"),
            "KUBECACHEDIR": str(self.scratch / "cache"),
        }

    def version(self) -> str:
        out = subprocess.run(
            [str(self.kubectl), "version", "--client", "-o", "yaml"],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=20,
        ).stdout
        return (yaml.safe_load(out) or {}).get("clientVersion", {}).get("gitVersion", "unknown")

    def check(self, command: KubectlCommand, workdir: Path) -> ArgCheck:
        stdin = b""
        if command.stdin_from is not None:
            upstream = self._run(command.stdin_from, workdir, b"")
            stdin = upstream.stdout
        result = self._run(command, workdir, stdin)
        err = result.stderr.decode(errors="replace")
        accepted = result.returncode == 0 or any(marker in err for marker in _REFUSED)
        return ArgCheck(command, accepted, err.strip())

    def _run(self, command: KubectlCommand, workdir: Path, stdin: bytes) -> subprocess.CompletedProcess:
        argv = list(command.argv)
        verb = next((a for a in argv if not a.startswith("-")), "")
        if verb in _DRY_RUN_VERBS and not any(a.startswith("--dry-run") for a in argv):
            cut = argv.index("--") if "--" in argv else len(argv)
            argv.insert(cut, "--dry-run=client")
        return subprocess.run(
            [str(self.kubectl), *argv],
            cwd=workdir,
            input=stdin,
            capture_output=True,
            env=self.env,
            timeout=30,
        )


def prepare_workdir(workdir: Path, snippet: str, username: str, commands: list[KubectlCommand]) -> Path:
    """Make workdir as the participant has it: the page's manifests (filled) and the local
    files the commands read (``--from-file=``), with sample content."""
    workdir.mkdir(parents=True, exist_ok=True)
    folder = SNIPPETS / Path(snippet).parent
    for manifest in folder.glob("*.yaml"):
        (workdir / manifest.name).write_text(filled(str(manifest.relative_to(SNIPPETS)), username))
    for command in commands:
        for arg in command.argv:
            match = re.match(r"^--from(?:-env)?-file=(?:[^=]+=)?(?P<path>[^/][^=]*)$", arg)
            if match and ".." not in match["path"]:
                (workdir / match["path"]).write_text("sample content\n")
    return workdir


# --- names -------------------------------------------------------------------------------


def name_problems(use: NameUse, username: str) -> list[str]:
    """Is the name valid for its kind once <username> is filled in?"""
    name = use.template.replace("<username>", username)
    problems = []
    if not k8s_names.is_subdomain(name):
        problems.append(f"{name!r} is not a valid object name (DNS-1123 subdomain, max {k8s_names.SUBDOMAIN_MAX})")
    if use.kind in LABEL_LIMITED_KINDS and not k8s_names.is_label(name):
        problems.append(f"{name!r} ({use.kind}) is not a valid label value: {LABEL_LIMITED_KINDS[use.kind]}")
    return problems
