"""python -m workshop.harness recover --run <id> (see workshop.harness.recovery.recover)."""

import sys

from workshop.harness.recovery.recover import main

sys.exit(main())
