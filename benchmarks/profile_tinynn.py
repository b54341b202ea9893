"""Where tinynn's time goes on workloads 1 to 3: cProfile's busiest functions for each.

    .venv/bin/python -m benchmarks.profile_tinynn [streetlights|digits|single_weight ...]

cProfile adds a fixed cost to every Python call, so it overstates small functions called
often; read it for which calls happen how often, and measure a change with `make bench`.
"""

import cProfile
import pstats
import sys

from benchmarks import training

SHOWN = 12


def main(names):
    for name in names or list(training.WORKLOADS):
        make_problem, make_contenders = training.WORKLOADS[name]
        problem = make_problem(quick=False)
        with_tinynn = make_contenders(problem["arguments"])[0]
        profile = cProfile.Profile()
        profile.runcall(with_tinynn)
        print(f"\n{name}: {problem['description']}")
        pstats.Stats(profile).strip_dirs().sort_stats("tottime").print_stats(SHOWN)


if __name__ == "__main__":
    main(sys.argv[1:])
