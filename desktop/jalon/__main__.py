"""``python -m jalon``: the same as the ``jalon`` program."""

import sys

from jalon.main import main

sys.exit(main())
