"""Command-line options of the harness, each defaulting from an environment variable.

Registered by tests/static/conftest.py and tests/live/conftest.py (and by
``-p workshop.harness.pytest_plugin`` when pytest is started with it); registering twice is
harmless.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

OPTIONS = [
    # (option, env var, help)
    (
        "--kubeconfig",
        "WORKSHOP_KUBECONFIG",
        "kubeconfig of the cluster to run the live tier against (cluster/kind/up prints one)",
    ),
    ("--context", "WORKSHOP_CONTEXT", "context in that kubeconfig (default: its current context)"),
    (
        "--namespace",
        "WORKSHOP_NAMESPACE",
        "run in this existing namespace (a preflight on the teaching cluster); default: a fresh namespace per run, "
        "deleted after",
    ),
    ("--user-prefix", "WORKSHOP_USER_PREFIX", "prefix of the test usernames (default: wk)"),
    ("--users", "WORKSHOP_USERS", "how many participants run the tutorial at once (default: 3)"),
    (
        "--kubectl",
        "WORKSHOP_KUBECTL",
        "kubectl binary of the cluster's version (default: the one cluster/kind/up installed)",
    ),
    ("--live-workers", "WORKSHOP_LIVE_WORKERS", "scenarios (page x participant) run at once (default: all)"),
    (
        "--apply-site-profile",
        "WORKSHOP_APPLY_SITE_PROFILE",
        "apply the site profile (a StorageClass, a cvmfs volume) to the run's fresh namespace on a cluster "
        "that is not the local one (cluster/kind/up's gets it anyway); never applied to a --namespace: set 1",
    ),
    (
        "--cleanup-deadline",
        "WORKSHOP_CLEANUP_DEADLINE",
        "seconds the final cleanup keeps retrying through API errors (default: 300); what is left then "
        "is printed with the command that finishes it",
    ),
]


def add_options(parser) -> None:
    if getattr(parser, "_workshop_harness", False):
        return
    parser._workshop_harness = True
    group = parser.getgroup("workshop", "snippet harness (the tutorial run against a cluster)")
    for option, env, help_text in OPTIONS:
        group.addoption(option, action="store", default=None, help=f"{help_text} [env {env}]")


@dataclass(frozen=True)
class Settings:
    kubeconfig: str | None
    context: str | None
    namespace: str | None
    user_prefix: str
    users: int
    kubectl: str | None
    live_workers: int | None
    cleanup_deadline: float = 300.0
    apply_site_profile: bool = False


def settings(config) -> Settings:
    def get(option: str, env: str):
        value = config.getoption(option.lstrip("-").replace("-", "_"), default=None)
        return value if value not in (None, "") else (os.environ.get(env) or None)

    values = {opt: get(opt, env) for opt, env, _ in OPTIONS}
    workers = values["--live-workers"]
    return Settings(
        kubeconfig=values["--kubeconfig"],
        context=values["--context"],
        namespace=values["--namespace"],
        user_prefix=values["--user-prefix"] or "wk",
        users=int(values["--users"] or 3),
        kubectl=values["--kubectl"],
        live_workers=int(workers) if workers else None,
        cleanup_deadline=float(values["--cleanup-deadline"] or 300),
        apply_site_profile=(values["--apply-site-profile"] or "") in ("1", "true", "yes"),
    )
