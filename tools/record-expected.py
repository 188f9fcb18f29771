#!/usr/bin/python3
"""tools/record-expected.py: the command line of parity_tools.record_expected (see there), run from this checkout.

The same as `/usr/bin/python3 -m parity_tools.record_expected` with tools/ on the path; nothing to install.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from parity_tools.record_expected import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
