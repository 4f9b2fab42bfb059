"""Static tier of the snippet harness: no cluster, seconds."""

from __future__ import annotations

import pytest
from capabilities import unavailable

from workshop.harness import local_cluster, options
from workshop.harness.static.checks import KubectlArgs


def pytest_addoption(parser):
    options.add_options(parser)


@pytest.fixture(scope="session")
def kubectl_args(pytestconfig, tmp_path_factory) -> KubectlArgs:
    binary = local_cluster.find_kubectl(options.settings(pytestconfig).kubectl)
    if binary is None:
        unavailable(local_cluster.NO_KUBECTL)
    return KubectlArgs(binary, tmp_path_factory.mktemp("kubectl-args"))
