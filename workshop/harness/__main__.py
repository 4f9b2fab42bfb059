"""python -m workshop.harness recover --run <id> (workshop.harness.recovery.recover): finish an
unfinished run's cleanup; python -m workshop.harness select [--base REF] (workshop.harness.changes):
which tests a change can break."""

import sys

if sys.argv[1:2] == ["select"]:
    from workshop.harness.changes import main as select

    sys.exit(select(sys.argv[2:]))

from workshop.harness.recovery.recover import main

sys.exit(main())
