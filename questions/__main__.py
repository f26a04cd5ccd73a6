"""Entry point for `python -m questions`."""

import sys

from questions.cli import main

sys.exit(main())
