"""Work a build hook hands to a forked child process, which never returns into MkDocs.

The child shares the build's memory as it was at the fork (the configuration, the files,
the loaded modules) and ends with ``os._exit``: no MkDocs event, no clean-up of the
parent's (gen-files' temporary folder), no flush of the parent's buffers runs in it. What
it makes reaches the build through the caches (``scripts/shared/cache.py``); its exit
status says whether it all went well, and the build redoes what it needs otherwise.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable


def start(work: Callable[[], None], *, quiet: bool = False) -> int | None:
    """Run ``work`` in a forked child; its process id, or None where the system cannot fork.
    ``quiet``: the child writes nothing to the terminal (the build reports what matters)."""
    if not hasattr(os, "fork"):
        return None
    sys.stdout.flush()  # or the child would write the parent's buffered output again
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        if quiet:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), sys.stdout.fileno())
                os.dup2(devnull.fileno(), sys.stderr.fileno())
            logging.lastResort = None
        work()
        status = 0
    finally:
        os._exit(status)


def wait(pid: int) -> bool:
    """Wait for the child ``pid`` to end; whether all its work went well."""
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
