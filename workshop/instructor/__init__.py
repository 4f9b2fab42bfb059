"""The instructor's tools for a workshop in one shared namespace: ``workshop plan`` (will N
participants fit), ``workshop status`` (who is where, who is stuck and why), ``workshop sweep``
(what is left at the end, and deleting exactly that).

- ``workload``: what each page creates and requests, read from the snippet files;
- ``ownership``: which participant and page an object's name belongs to;
- ``kube``: the cluster connection and its errors, in words an instructor can act on;
- ``plan``, ``status``, ``sweep``: the three views; ``render``: tables, Markdown, JSON;
- ``cli``: the ``workshop`` command.
"""
