"""``python -m ankiconnect``: the headless server's command line (see core/headless/cli.py)."""

import sys

from .core.headless.cli import main

sys.exit(main())
