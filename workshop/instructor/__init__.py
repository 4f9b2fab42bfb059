"""The instructor's tools for a workshop in one shared namespace: ``workshop plan`` (will N
participants fit), ``workshop status`` (who is where, who is stuck and why), ``workshop sweep``
(what is left at the end, and deleting exactly that).

They stand on the core: the cluster connection, kinds and ownership (``workshop.kube``), what
the tutorial needs (``workshop.workload``) and what the namespace has left (``workshop.capacity``).

- ``cluster_state``: the namespace's objects, listed once, then kept current with watches;
- ``status``, ``sweep``: what the two views show, as data;
- ``views``: tables (rich), Markdown and JSON;
- ``cli``: the ``workshop`` command.
"""
