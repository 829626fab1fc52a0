"""Serving until a signal: stop requests, the local server, Prefect's Runner in a thread.

Shutdown (Ctrl-C or SIGTERM): polling stops, a run in progress is cancelled rather than
waited for (Prefect's Runner sends it SIGTERM), the deployment's schedule is paused and its
pending runs deleted, the private server is stopped, one line says so, exit 0. A
cancelled run has published nothing: the warehouse is copy-on-write (the rename of the
working copy is the commit), the next run discards the half-built copy and reads the
inbox again, so nothing is lost and stopping never waits for a long run.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.markup import escape

from flows.serve import EXIT_FAILED, EXIT_OK, EXIT_USAGE, ServePlan
from flows.serve_server import LocalPrefectServer, ServerStartError

# Interval ticks are counted from here, so "--every 15m" fires at :00, :15, :30, :45 and a
# restart keeps the same ticks.
INTERVAL_ANCHOR = datetime(2000, 1, 1, tzinfo=UTC)
POLL_SECONDS = 0.25


class StopSignals:
    """Ctrl-C and SIGTERM become one stop request, taken by this process only.

    A terminal's Ctrl-C signals the whole foreground process group, flow-run processes
    included: interrupted mid-run they would print a KeyboardInterrupt traceback and end
    Crashed. So SIGINT is blocked before any thread or child exists (the mask is inherited
    by both) and collected here with sigtimedwait; the runner stops its children with
    SIGTERM, which they handle. Install before importing Prefect (it may start threads).
    """

    def __init__(self) -> None:
        self.requested = threading.Event()
        self._old_mask: set[signal.Signals] = set()
        self._old_term: Any = signal.SIG_DFL

    def install(self) -> None:
        self._old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        self._old_term = signal.signal(signal.SIGTERM, lambda *_: self.requested.set())

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for a stop request; whether there is one."""
        if not self.requested.is_set() and signal.sigtimedwait({signal.SIGINT}, seconds):
            self.requested.set()
        return self.requested.is_set()

    def restore(self) -> None:
        while signal.sigtimedwait({signal.SIGINT}, 0):  # a second Ctrl-C, already handled
            pass
        signal.signal(signal.SIGTERM, self._old_term)
        signal.pthread_sigmask(signal.SIG_SETMASK, self._old_mask)


class RunnerThread(threading.Thread):
    """Registers the deployment and runs Prefect's Runner on its own event loop.

    In a thread so the main thread stays free for signals: the Runner installs its own
    SIGTERM handler (which calls sys.exit) only when it runs on the main thread.
    """

    def __init__(self, plan: ServePlan) -> None:
        super().__init__(name="newsfacts-serve-runner", daemon=True)
        self.plan = plan
        self.ready = threading.Event()
        self.stopping = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            self.error = error

    async def _serve(self) -> None:
        from prefect.deployments.runner import EntrypointType
        from prefect.runner import Runner
        from prefect.schedules import Cron, Interval

        from flows.serve_flow import scheduled_run

        plan = self.plan
        # limit=1: ticks never overlap; a tick due while a run goes on waits for it.
        runner = Runner(name=f"newsfacts-serve-{plan.name}", pause_on_shutdown=True, limit=1)
        schedule = (
            Interval(plan.every, anchor_date=INTERVAL_ANCHOR)
            if plan.every
            else Cron(plan.cron, timezone=plan.timezone)
        )
        deployment_id = await runner.aadd_flow(
            scheduled_run,
            name=plan.name,
            schedule=schedule,
            parameters=plan.parameters,
            paused=False,
            tags=["newsfacts"],
            entrypoint_type=EntrypointType.MODULE_PATH,
            description=f"newsfacts: {plan.parameters['inbox']} into "
            f"{plan.parameters['warehouse']} {plan.schedule_text}",
        )
        await drop_pending_ticks(deployment_id)
        if self.stopping.is_set():
            return
        running = asyncio.create_task(runner.start())
        while not running.done() and not self.stopping.is_set():
            if runner.started:
                self.ready.set()
            await asyncio.wait({running}, timeout=POLL_SECONDS)
        if not running.done():
            await runner.astop()
        await running  # the runner pauses the schedule as it exits
        await drop_pending_ticks(deployment_id)


async def drop_pending_ticks(deployment_id: Any) -> int:
    """Delete the deployment's scheduled runs that have not started; how many there were.

    Needed at both ends. A run carries the parameters of the moment it was scheduled, so a
    tick left over from an earlier serve would run with its inbox and warehouse; and ticks
    missed while nothing served would otherwise all run back to back (one run reads the
    whole inbox anyway). Prefect does not clear them: pausing or updating a deployment
    through the client only deletes scheduled runs still in the future (Prefect 3.8.8), so
    past-due ("Late") ones survive a stop and a restart. Runs started by hand are kept.
    """
    from prefect import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    pending = FlowRunFilter(
        state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))
    )
    dropped = 0
    async with get_client() as client:
        while True:
            runs = await client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
                flow_run_filter=pending,
                limit=200,
                offset=0,
            )
            ticks = [run for run in runs if run.auto_scheduled]
            for run in ticks:
                await client.delete_flow_run(run.id)
            dropped += len(ticks)
            if len(runs) < 200 or not ticks:
                return dropped


def serve_until_stopped(
    plan: ServePlan, server: LocalPrefectServer | None, stop: StopSignals, errors: Console
) -> int:
    """Serve ``plan`` until a stop request; the exit status."""
    try:
        if server is not None and not server.start(stop.wait):
            return _stopped()
        thread = RunnerThread(plan)
        thread.start()
        announced = False
        while thread.is_alive() and not stop.wait(POLL_SECONDS):
            if thread.ready.is_set() and not announced:
                announced = True
                print(_ready_line(plan, server), flush=True)
        thread.stopping.set()
        thread.join()
    except ServerStartError as error:
        errors.print(f"[red]error:[/] {escape(str(error))}", highlight=False)
        return EXIT_USAGE
    finally:
        if server is not None:
            server.stop()
    if thread.error is not None or not stop.requested.is_set():
        reason = _one_line(thread.error) if thread.error else "the runner ended"
        where = f"; the private Prefect server's log is {server.log_path}" if server else ""
        what = "serving stopped unexpectedly" if announced else "could not start serving"
        errors.print(f"[red]error:[/] {what} ({escape(reason)}){where}", highlight=False)
        return EXIT_FAILED if announced else EXIT_USAGE
    return _stopped()


def _ready_line(plan: ServePlan, server: LocalPrefectServer | None) -> str:
    from flows.serve_flow import FLOW_NAME

    where = (
        f"private Prefect server, log {server.log_path}"
        if server
        else f"Prefect API {os.environ.get('PREFECT_API_URL')}"
    )
    return (
        f"newsfacts serve: loading {plan.parameters['inbox']} into "
        f"{plan.parameters['warehouse']} {plan.schedule_text} (deployment "
        f"{FLOW_NAME}/{plan.name}, {where}); Ctrl-C or SIGTERM stops"
    )


def _one_line(error: BaseException) -> str:
    first = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def _stopped() -> int:
    print("newsfacts serve: stopped", flush=True)
    return EXIT_OK
