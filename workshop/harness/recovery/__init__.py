"""The harness's recovery: deleting what a run made, and only that, even when things go wrong.

- ``ledger``: what the run created, by UID, and deleting exactly that (a UID precondition);
- ``teardown``: deleting what was recorded through a slow or restarting API server, until a
  deadline; the run's own namespace, by its UID;
- ``runstate``: the run's record on disk, so a cleanup that could not finish can be finished;
- ``recover``: ``python -m workshop.harness recover --run <id>``, which finishes it.
"""
