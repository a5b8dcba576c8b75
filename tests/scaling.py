"""Asserting that work grows linearly with the input, without an absolute time limit.

A quadratic step takes 16 times as long for four times the input, a linear one 4 times. The check
times the same function on ``SMALL`` and ``LARGE`` characters (the best of a few runs, each run long
enough for the clock) and fails when the larger input costs more than ``MAX_RATIO`` times the smaller:
halfway between the two on a logarithmic scale, so a loaded machine does not turn linear into a
failure, and quadratic never passes.
"""

import gc
import time
from collections.abc import Callable

SMALL = 10_000
LARGE = 40_000
MAX_RATIO = 8.0
_MIN_SAMPLE_SECONDS = 0.02


def repeat_to(unit: str, length: int) -> str:
    """``unit`` repeated and cut to exactly ``length`` characters."""
    return (unit * (length // len(unit) + 1))[:length]


def _best_time(function: Callable[[str], object], text: str, runs: int = 7) -> float:
    """Seconds per call, the best of ``runs`` samples; fast calls are repeated within a sample.

    The garbage collector is paused meanwhile: a collection landing in one sample is not the input's cost.
    """
    gc.collect()
    gc.disable()
    try:
        return _sample(function, text, runs)
    finally:
        gc.enable()


def _sample(function: Callable[[str], object], text: str, runs: int) -> float:
    start = time.perf_counter()
    function(text)
    once = time.perf_counter() - start
    if once > 0.5:  # already far too slow to need a better estimate
        return once
    calls = max(1, int(_MIN_SAMPLE_SECONDS / max(once, 1e-9)))
    best = once
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(calls):
            function(text)
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def growth_ratio(function: Callable[[str], object], make_input: Callable[[int], str]) -> float:
    """How many times longer ``function`` takes on ``LARGE`` characters than on ``SMALL``."""
    small, large = make_input(SMALL), make_input(LARGE)
    assert len(small) >= SMALL and len(large) >= LARGE
    return _best_time(function, large) / _best_time(function, small)


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
    shown = ", ".join(f"{ratio:.1f}×" for ratio in ratios)
    raise AssertionError(
        f"{LARGE // SMALL}× the input took {shown} the time (linear: about {LARGE // SMALL}×)"
    )
