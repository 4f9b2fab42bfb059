"""The tutorial's site, handouts, instructor tools and test harness, in layers.

The core is this package's own modules and ``workshop.kube``: paths, names, placeholders, the
username rule, the pages and their snippets, what each page asks of a cluster (``workload``),
what a namespace has left (``capacity``), the roster, whose an object is (``ownership``), and
the cluster connection and kinds (``workshop.kube``). ``workshop.render`` stands on it; the
entry points stand on both and never on each other: the MkDocs hooks (``hooks/``),
``workshop.handouts``, ``workshop.harness`` and ``workshop.instructor`` (README: Layout;
tests/static/test_layering.py).
"""
