"""The printing queue: every handout printed by `jobs` pages of one browser; the first failure
or a Ctrl-C (SIGINT, SIGTERM) stops them all, and is reported as such."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time

from playwright.async_api import Error as BrowserError

from workshop.handouts.pdf import Handout, Printer, PrintError


async def print_all(handouts, print_url, title, paper, jobs, progress) -> None:
    """Print every handout, `jobs` at a time; the first failure or a Ctrl-C stops them all."""
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(_quiet_when_driver_gone)
    task = asyncio.current_task()
    assert task is not None  # called from a coroutine
    stop = _StopOnSignal(task)
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop)
    try:
        await _print_queue(handouts, print_url, title, paper, jobs, progress)
    except BaseException as error:
        # Ctrl-C in a terminal reaches the browser too, whose errors may come in before the
        # signal does: give the signal a moment, then report an interruption, not a failure.
        if not stop.signalled:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.sleep(0.2)
        if stop.signalled:
            raise Interrupted() from None
        if isinstance(error, ExceptionGroup):
            raise HandoutsFailed("; ".join(str(e).strip().splitlines()[0] for e in error.exceptions)) from error
        raise


async def _print_queue(handouts, print_url, title, paper, jobs, progress) -> None:
    queue: asyncio.Queue[Handout] = asyncio.Queue()
    for handout in handouts:
        queue.put_nowait(handout)

    async with Printer(print_url, title, paper) as printer:

        async def worker():
            page = await printer.open_page()
            try:
                while not queue.empty():
                    handout = queue.get_nowait()
                    started = time.monotonic()
                    try:
                        size = await page.print(handout)
                    except (PrintError, BrowserError) as error:
                        raise PrintError(f"{handout.path.name}: {str(error).strip().splitlines()[0]}") from error
                    progress.done(handout.path.name, size, time.monotonic() - started)
            finally:
                with contextlib.suppress(BrowserError):  # the browser may be gone already
                    await page.close()

        async with asyncio.TaskGroup() as group:
            for _ in range(max(1, min(jobs, len(handouts)))):
                group.create_task(worker())


class _StopOnSignal:
    def __init__(self, task: asyncio.Task):
        self.task = task
        self.signalled = False

    def __call__(self):
        self.signalled = True
        self.task.cancel()


class Interrupted(Exception):
    """Ctrl-C (SIGINT) or SIGTERM while printing."""


def _quiet_when_driver_gone(loop, context):
    # Ctrl-C in a terminal also stops Playwright's driver; its pending futures then report the
    # closed connection, which says nothing the "Interrupted" message does not.
    if "Connection closed while reading from the driver" in str(context.get("exception", "")):
        return
    loop.default_exception_handler(context)


class HandoutsFailed(RuntimeError):
    """Printing stopped; the message says why."""
