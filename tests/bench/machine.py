"""How fast this machine is while a benchmark runs. These 2-core machines differ by up to 2× from one session
to the next and drift within one, and every figure in tests/bench/README.md moves with them: a figure is read
beside this one."""

import os
import time

ADDITIONS = 10_000_000
# At module level, as `python3 -c` runs it: the loop the README has quoted since 2026-12-01 ("the
# 10-million-addition loop"), whose variables are globals (in a function it takes half the time).
LOOP = compile(f"total = 0\nfor i in range({ADDITIONS}):\n    total += i\n", "<yardstick>", "exec")


def _additions_seconds() -> float:
    started = time.perf_counter()
    exec(LOOP, {})  # noqa: S102 (a constant loop)
    return time.perf_counter() - started


def yardstick() -> str:
    """One line: seconds for ten million additions in a Python loop (best of three: the machine, not a
    neighbour's burst), the load average and the cores."""
    seconds = min(_additions_seconds() for _ in range(3))
    return (
        f"machine: {ADDITIONS // 1_000_000} million additions in {seconds:.2f} s (best of 3), "
        f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores"
    )
