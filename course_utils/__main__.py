"""Command line: ``python -m course_utils doctor``."""

import sys

from . import doctor

USAGE = "usage: python -m course_utils doctor"


def _cli(argv: list[str]) -> int:
    if argv[:1] == ["doctor"]:
        return doctor.main(argv[1:])
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_cli(sys.argv[1:]))
