"""Asserting that work grows linearly with the input, without an absolute time limit.

A quadratic step takes 16 times as long for four times the input, a linear one 4 times. The check
times the same function on ``SMALL`` and ``LARGE`` characters (the best of a few runs, each run long
enough for the clock) and fails when the larger input costs more than ``MAX_RATIO`` times the smaller:
halfway between the two on a logarithmic scale, so a loaded machine does not turn linear into a
failure, and quadratic never passes. A larger input that runs far past what linear growth allows is
interrupted (``SIGALRM``) instead of being waited for.
"""

import gc
import math
import signal
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

SMALL = 10_000
LARGE = 40_000
MAX_RATIO = 8.0
_MIN_SAMPLE_SECONDS = 0.02
_MIN_DEADLINE_SECONDS = 2.0


class _TooSlow(Exception):
    pass


def repeat_to(unit: str, length: int) -> str:
    """``unit`` repeated and cut to exactly ``length`` characters."""
    return (unit * (length // len(unit) + 1))[:length]


@contextmanager
def _deadline(seconds: float | None):
    """Raise ``_TooSlow`` in the code inside after ``seconds`` (main thread only; else no limit)."""
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _best_time(
    function: Callable[[str], object], text: str, deadline: float | None = None, runs: int = 7
) -> float:
    """Seconds per call, the best of ``runs`` samples; fast calls are repeated within a sample.

    The garbage collector is paused meanwhile: a collection landing in one sample is not the input's
    cost. ``deadline`` bounds the first call (``math.inf`` if it is exceeded).
    """
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        try:
            with _deadline(deadline):
                function(text)
        except _TooSlow:
            return math.inf
        once = time.perf_counter() - start
        if once > 0.5:  # long enough to be measured by one call
            return once
        if once > 0.05:
            runs = min(runs, 3)
        calls = max(1, int(_MIN_SAMPLE_SECONDS / max(once, 1e-9)))
        best = once
        for _ in range(runs):
            start = time.perf_counter()
            for _ in range(calls):
                function(text)
            best = min(best, (time.perf_counter() - start) / calls)
        return best
    finally:
        gc.enable()


def growth_ratio(function: Callable[[str], object], make_input: Callable[[int], str]) -> float:
    """How many times longer ``function`` takes on ``LARGE`` characters than on ``SMALL``."""
    small, large = make_input(SMALL), make_input(LARGE)
    assert len(small) >= SMALL and len(large) >= LARGE
    small_time = _best_time(function, small)
    deadline = max(4 * MAX_RATIO * small_time, _MIN_DEADLINE_SECONDS)
    return _best_time(function, large, deadline) / small_time


def assert_linear(
    function: Callable[[str], object], make_input: Callable[[int], str], attempts: int = 3
) -> None:
    """Fails when ``function`` grows faster than linearly; a measurement spoilt by other work on the
    machine is taken again (up to ``attempts`` times), as a quadratic one is never below the limit."""
    ratios = []
    for _ in range(attempts):
        ratios.append(growth_ratio(function, make_input))
        if ratios[-1] <= MAX_RATIO:
            return
        if math.isinf(ratios[-1]):
            break  # interrupted: far beyond linear, no second opinion needed
    shown = ", ".join(f"{ratio:.1f}×" for ratio in ratios)
    raise AssertionError(
        f"{LARGE // SMALL}× the input took {shown} the time (linear: about {LARGE // SMALL}×)"
    )
