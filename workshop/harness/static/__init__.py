"""The harness's static tier: what can be checked with no cluster, in seconds.

- ``inventory``: every code block of every page, and who runs it (a live scenario, or the page
  says why it is checked statically only);
- ``checks``: manifests against the cluster version's schema, bash syntax, kubectl's own
  argument parsing, names built from ``<username>``;
- ``claims``: every sentence a scenario claims is still on its page, as whole sentences;
- ``facts``: every path, size, count and name a page states holds for its snippets, is claimed
  or excused;
- ``multinode``: claims several pods use at once allow many nodes;
- ``stated_resources``: every container states the requests and limits a ResourceQuota demands.
"""
