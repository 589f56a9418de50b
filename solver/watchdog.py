"""The time limit of each solver check, kept by one watchdog thread per process.

z3's own `timeout` parameter starts a timer for every check it bounds, and for the checks of an
analysis (a few hundred Boolean variables, tens of microseconds each) the timer cost as much as the
check: 55 us a check with it, 29 us without, measured through the analysis's own check call. An
analysis makes a dozen checks, an enumeration of conflicts up to its budget of 2,000.

Instead, a check is armed with the instant it must end by (`arm`), and a daemon thread wakes every
`POLL` seconds (sooner when that instant is nearer) and calls `Z3_interrupt` on the context of a
check that is past it; the check then answers unknown with the reason "canceled", which
`clearance.solver.factory.decided` raises as the timeout it is. Arming and disarming hold one lock,
as the interrupt does: an interrupt reaches only the check it was meant for (z3 drops an interrupt
that comes while no check runs, so one that comes just before a check starts is repeated at the
next wake). A check may run past its instant by up to `POLL` seconds. The thread ends after `IDLE`
seconds without a check, and a forked child starts its own."""

from __future__ import annotations

import os
import threading
import time

from clearance.encodings import capi

POLL = 0.05  # seconds between the watchdog's looks at the check that runs
IDLE = 2.0  # seconds without a check after which the thread ends (the next check starts another)


class Watchdog:
    """Interrupts the armed check of a z3 context once its instant has passed."""

    def __init__(self, poll: float = POLL, idle: float = IDLE) -> None:
        self.poll, self.idle = poll, idle
        self._reset()

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._context = None  # the raw context pointer of the check that runs, while armed
        self._until = 0.0
        self._running = False
        self.interrupts = 0  # how many checks were interrupted (for tests)

    def arm(self, context, until: float) -> None:
        """A check on `context` (a raw `Z3_context`) starts; it must end by `until` (`time.monotonic`)."""
        with self._lock:
            self._context, self._until = context, until
            if not self._running:
                self._running = True
                threading.Thread(target=self._watch, name="clearance-solver-watchdog", daemon=True).start()

    def disarm(self) -> None:
        """The armed check has ended."""
        with self._lock:
            self._context = None

    def _watch(self) -> None:
        idle_since = time.monotonic()
        delay = self.poll
        while True:
            time.sleep(delay)
            with self._lock:
                now = time.monotonic()
                if self._context is None:
                    if now - idle_since >= self.idle:
                        self._running = False
                        return
                    delay = self.poll
                    continue
                idle_since = now
                if now >= self._until:
                    capi.interrupt(self._context)
                    self.interrupts += 1
                    delay = self.poll
                else:
                    delay = max(0.001, min(self.poll, self._until - now))


WATCHDOG = Watchdog()
if hasattr(os, "register_at_fork"):
    # A child of fork() has the parent's flags but not its thread (nor, perhaps, a usable lock).
    os.register_at_fork(after_in_child=WATCHDOG._reset)
