"""python -m workshop.harness recover --run <id>: finish the cleanup of a live run that could not.

A live run records what it creates (kind, name, UID) in a file of its own (workshop.harness.
runstate). When its cleanup cannot finish (the API server went away, or a second Ctrl-C stopped
the waiting) it prints what is left and this command; run it once the cluster answers again.
It deletes only the recorded objects whose UID is still the recorded one (and the pods of the
recorded Jobs), and the run's own namespace if it made one; nothing else.

    python -m workshop.harness recover --run ab12 [--deadline 300] [--kubeconfig F] [--context C]
    python -m workshop.harness recover --list

Exit codes: 0 done (the record is removed), 1 something is still left (the record stays),
2 bad input (no such run, no cluster access).
"""

from __future__ import annotations

import argparse
import sys
import time

from workshop.harness.recovery import teardown
from workshop.harness.recovery.ledger import Ledger
from workshop.harness.recovery.runstate import BadRunId, RunState, recover_command, state_dir, unfinished
from workshop.kube.connection import ClusterProblem, api_client, kubeconfig_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshop.harness", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    recover = commands.add_parser("recover", help="finish an unfinished run's cleanup")
    which = recover.add_mutually_exclusive_group(required=True)
    which.add_argument("--run", help="the run's id, as the run printed it")
    which.add_argument("--list", action="store_true", help="the runs whose cleanup is unfinished")
    recover.add_argument(
        "--deadline",
        type=float,
        default=teardown.DEFAULT_DEADLINE,
        help="seconds to keep retrying (default: %(default)s)",
    )
    recover.add_argument("--kubeconfig", help="another kubeconfig than the run's (same cluster)")
    recover.add_argument("--context", help="another context than the run's")
    args = parser.parse_args(argv)

    if args.list:
        runs = unfinished()
        print("\n".join(runs) if runs else f"no unfinished run in {state_dir()}")
        return 0
    try:
        state = RunState.load(args.run)
    except (FileNotFoundError, BadRunId) as error:
        print(f"recover: {error}", file=sys.stderr)
        return 2
    try:
        # No retries of urllib3's: this command's own loop retries (workshop.harness.recovery.teardown).
        api = api_client(kubeconfig_path(args.kubeconfig or state.kubeconfig), args.context or state.context)
    except ClusterProblem as error:
        print(
            f"recover: cannot use the kubeconfig {args.kubeconfig or state.kubeconfig!r}: {error}\n"
            "Pass --kubeconfig (and --context) for the cluster the run used.",
            file=sys.stderr,
        )
        return 2
    ledger = Ledger(api, state.namespace)
    ledger.adopt(state.items)
    print(
        f"recover: run {state.run_id}, namespace {state.namespace}: {len(state.items)} recorded objects",
        file=sys.stderr,
    )
    outcome = teardown.delete_recorded(
        ledger, time.monotonic() + args.deadline, say=lambda line: print(line, file=sys.stderr, flush=True)
    )
    problems = []
    if outcome.done and state.own_namespace and not state.namespace_uid:
        # Recorded before the namespace was made, and never its UID: it may not be this run's.
        print(
            f"recover: namespace {state.namespace} was never recorded as made by run {state.run_id}: left alone "
            "(delete it yourself if it is the run's)",
            file=sys.stderr,
        )
    elif outcome.done and state.own_namespace:
        try:
            problems = teardown.delete_namespace(api, state.namespace, state.namespace_uid, timeout=args.deadline)
        except Exception as error:  # noqa: BLE001
            problems = [f"namespace {state.namespace} not deleted: {type(error).__name__}: {error}"]
    if outcome.done and not problems:
        state.remove()
        refused = f" ({len(ledger.refused)} now belong to someone else: left alone)" if ledger.refused else ""
        print(f"recover: nothing of run {state.run_id} is left{refused}", file=sys.stderr)
        return 0
    state.items = outcome.left or ledger.recorded()
    state.save()
    print(
        teardown.describe(outcome, state.namespace, recover_command(state.run_id)) or "\n".join(problems),
        file=sys.stderr,
    )
    return 1
