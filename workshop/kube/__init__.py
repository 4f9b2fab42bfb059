"""The cluster as every tool of the project reaches it (the core's one door to the API).

- ``connection``: a kubeconfig, a context and a namespace; one timeout policy for every call;
  the errors an instructor meets, in one line with the exit code to use;
- ``kinds``: the kinds of object the tutorial makes, and how to list, read and delete each.

It knows nothing of the tutorial's pages: whose an object is (workshop.ownership) stands on it and
on what the pages make (workshop.workload), not the other way round.
"""
