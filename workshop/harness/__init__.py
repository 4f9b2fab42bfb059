"""The snippet harness: runs every snippet of the tutorial and checks what its pages claim.

Three rooms, one per tier:

- ``static``: what needs no cluster (the block inventory, schema, bash, kubectl's parser,
  names, claims still on their pages, multinode claims, stated resources);
- ``live``: the tutorial run against a cluster by several participants at once (the run, the
  participants' API and books, admission, budget, meeting points, fail-fast);
- ``recovery``: deleting what a run made, by UID, even through a frozen API server or a
  second Ctrl-C, and ``python -m workshop.harness recover`` for what could not be deleted.

``pytest_plugin`` makes one test per page from its scenario module (and the annotations and
summary of a run); ``options`` are its command-line options; ``local_cluster`` finds the test
cluster's kubectl and credentials; ``changes`` chooses what a change can break
(``python -m workshop.harness select``).
"""
