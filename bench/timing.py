"""Timing one action over and over, for the in-process profiling scripts."""

import time


def timed(action, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each run: CPU time shrugs off other load.

    One run first, untimed, to warm up: templates compiled, caches filled, fonts found,
    connections open.
    """
    action()
    wall, cpu = [], []
    for _ in range(repeat):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
    return wall, cpu
