"""The harness's live tier: the tutorial run against a cluster by several participants at once.

- ``run``: a live run (LiveRun): its folder, record and namespace, and the cleanup;
  ``schedule``: the participants at work, page by page, and each page's own end checks;
  ``scenario``: a page's scenario as its module in tests/live declares it;
- ``participant``: what a scenario author calls (run, login, claim, wait, rendezvous, turn);
  ``pagebook``: what it keeps behind those calls (objects by UID, budget, steps); ``session``: the
  narrow view of the run a participant gets;
- ``admission``: before the run, does the tutorial fit (workshop.capacity); ``budget``: while it
  runs, participants queue for what is left;
- ``meeting``, ``processes``, ``failfast``, ``waits``, ``hastening``: meeting points, the
  snippets' processes, stopping a wait that cannot succeed, polling with timeouts, quick deletes;
- ``snippet_shell``, ``outputs``, ``diagnostics``: running a snippet as pasted, reading what it
  printed, what a failure shows of the cluster;
- ``records``, ``report``: what happened (also as a progress file for ``workshop preflight``),
  and reports/coverage.md, timings.md and summary.md; ``findings``: a failure's places (the
  page's line, the snippet's, the claim's) for annotations.
"""
