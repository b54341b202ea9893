"""`python -m tinynn key|grade|gradescope ...`: see `tinynn.grading.cli`."""

import sys

from tinynn.grading.cli import main

if __name__ == "__main__":
    sys.exit(main())
