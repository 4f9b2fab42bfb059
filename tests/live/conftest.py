"""Live tier: the tutorial run against a cluster by several participants at once.

Each test_<slug>.py here declares one page's scenario (PAGE, RUNS, scenario(p), optionally
AFTER and KEEPS); the harness's pytest plugin (workshop/harness/pytest_plugin.py, loaded for
every run by pyproject.toml) makes the page's test from it. Options (or environment
variables): --kubeconfig (WORKSHOP_KUBECONFIG), --context, --namespace, --user-prefix, --users
(default 3), --kubectl, --live-workers.
"""
