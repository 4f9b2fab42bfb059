import sys

from workshop.handouts.cli import main

sys.exit(main())
