"""workshop-handouts: one printed handout (PDF) per participant, plus a spare copy.

The package, in the order a run goes through it:

- ``cli``: the command line; checks all input before anything is written;
- (the roster file -> participants, every problem with its line: ``workshop.roster``, in the core);
- ``site``: the site built once (workshop.sitebuild) and served on loopback;
- ``queue``: the handouts printed `--jobs` at a time, stopped whole by a failure or Ctrl-C;
- ``pdf``: one handout printed by headless Chromium, written atomically;
- ``toc``: the contents' page numbers, read back from the PDF;
- ``progress``: rich's bar on a terminal, a line per PDF otherwise.
"""
