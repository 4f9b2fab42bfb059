"""Live tier: the tutorial run against a cluster by several participants at once.

See workshop/harness/pytest_plugin.py. Options (or environment variables): --kubeconfig
(WORKSHOP_KUBECONFIG), --context, --namespace, --user-prefix, --users (default 3), --kubectl,
--live-workers.
"""
from workshop.harness.pytest_plugin import live, pytest_addoption  # noqa: F401
