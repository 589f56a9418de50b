"""Pausing Python's cyclic garbage collector while a large project is read or analysed.

The collector rescans every live object each time enough new ones have been made; while
hundreds of thousands of long-lived, acyclic objects (YAML nodes, works, Z3 wrappers) are
built, that rescanning made reading and analysing grow quadratically. Reference counting
still frees everything that is not in a cycle, and the collector runs again afterwards."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Within the block, the cyclic garbage collector does not run (nesting is fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def without_collector(function: Callable[P, R]) -> Callable[P, R]:
    """`function`, run with the cyclic garbage collector paused."""

    @wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return function(*args, **kwargs)

    return paused
