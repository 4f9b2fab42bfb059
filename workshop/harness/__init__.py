"""The snippet harness: runs every snippet of the tutorial and checks what its pages claim.

Modules, one job each:

- ``inventory``: every code block of every page, whether a live scenario runs it or the page
  says (in an HTML comment) why it is checked statically only.
- ``static_checks``: manifests against the cluster version's schema, bash syntax, kubectl's own
  argument parsing, names built from ``<username>``.
- ``participant``: one simulated participant running the exact snippet files.
- ``waits``: polling with timeouts and diagnostics.
- ``cleanup``: delete what a run's usernames created, and only that; check by listing.
- ``report``: coverage and timing tables under ``reports/``.
- ``live``: the session object of a live run (cluster access, usernames, namespace, scheduling).
- ``pytest_plugin``: pytest options and fixtures tying it together.
"""
