#!/usr/bin/python3
"""tools/export-fixture.py: the command line of export_fixture (see there), on a saved state_dict."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from export_fixture import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
