"""`workshop`: the instructor's command for a workshop in one shared namespace.

workshop plan    --participants N | --roster FILE  [--kubeconfig ... | --cpu 64 --memory 256Gi ...]
workshop status  [--roster FILE] [--once] [--format table|json] [--logs]
workshop sweep   [--roster FILE] [--delete [--yes]] [--format table|json]
workshop handouts ROSTER --out DIR ...      (the same as workshop-handouts)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from kubernetes.utils import parse_quantity

from workshop.capacity import capacity_from_cluster, capacity_from_options, make_plan
from workshop.instructor import preflight, views
from workshop.instructor.cluster_state import ClusterState
from workshop.instructor.status import add_log_tails, participant_statuses
from workshop.instructor.sweep import delete, leftovers, to_delete
from workshop.kube import connection as kube
from workshop.ownership import Ownership
from workshop.roster import RosterError, read_roster

EXIT_BAD_INPUT = 2

EXAMPLES = {
    "plan": """examples:
  workshop plan --participants 30 --cpu 64 --memory 256Gi --pods 500
  workshop plan --roster roster.txt --kubeconfig ~/.kube/config --context teaching --namespace workshop
  workshop plan --participants 40 --kubeconfig ~/.kube/config --format markdown > capacity.md""",
    "status": """examples:
  workshop status --roster roster.txt --namespace workshop        (refreshes itself; Ctrl-C to leave)
  workshop status --once --format json > status.json
  workshop status --once --logs                                   (the tail of each failed job's log)""",
    "preflight": """examples:
  workshop preflight --kubeconfig ~/.kube/config --context teaching --namespace workshop
  workshop preflight --namespace workshop --participants 10 --format json --report preflight.json

Runs tests/live from this checkout (the README's preflight command) and follows it: per
participant the page, what it does or waits for, what failed; then a report you can keep.""",
    "sweep": """examples:
  workshop sweep --roster roster.txt --namespace workshop
  workshop sweep --roster roster.txt --delete           (shows the list, then asks)
  workshop sweep --roster roster.txt --delete --yes""",
}
CAPACITY_OPTIONS = {
    "cpu": "cpu",
    "memory": "memory",
    "ephemeral_storage": "ephemeral-storage",
    "pods": "pods",
    "claims": "persistentvolumeclaims",
    "storage": "requests.storage",
}


def _quantity(text: str) -> str:
    """A Kubernetes quantity, checked where it is typed (argparse says which option is wrong)."""
    try:
        if parse_quantity(text) < 0:
            raise ValueError(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an amount: write it as Kubernetes does, e.g. 64, 500m, 256Gi"
        ) from None
    return text


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.2 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r}: give the seconds between redraws, from 0.2 to 3600")
    return value


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of at least 1")
    return int(text)


def _cluster_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("cluster (as the harness: namespace-scoped read rights are enough)")
    group.add_argument("--kubeconfig", help="kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
    group.add_argument("--context", help="context in it (default: its current context)")
    group.add_argument("--namespace", "-n", help="the workshop's namespace (default: the context's)")


def _roster_option(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument(
        "--roster", type=Path, required=required, help="the participants, one username a line (the handouts' roster)"
    )


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="workshop", description="The instructor's tools for a workshop of this tutorial in one shared namespace."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    fmt = argparse.RawDescriptionHelpFormatter

    plan = sub.add_parser(
        "plan",
        help="will N participants fit in the namespace, page by page",
        epilog=EXAMPLES["plan"],
        formatter_class=fmt,
    )
    who = plan.add_mutually_exclusive_group(required=True)
    who.add_argument("--participants", type=_positive, help="how many participants")
    who.add_argument("--roster", type=Path, help="count the participants of this roster")
    _cluster_options(plan)
    room = plan.add_argument_group("or the room, given (instead of a cluster)")
    for option, resource in CAPACITY_OPTIONS.items():
        room.add_argument(
            f"--{option.replace('_', '-')}", type=_quantity, help=f"what is left of {resource} (a Kubernetes quantity)"
        )
    plan.add_argument(
        "--timings",
        type=Path,
        default=Path("reports/timings.json"),
        help="page times of a live run (default: %(default)s)",
    )
    plan.add_argument("--format", choices=["table", "markdown", "json"], default="table")

    status = sub.add_parser(
        "status",
        help="who is on which page, who is stuck and why (read only)",
        epilog=EXAMPLES["status"],
        formatter_class=fmt,
    )
    _roster_option(status)
    _cluster_options(status)
    status.add_argument("--once", action="store_true", help="print one table and exit")
    status.add_argument("--logs", action="store_true", help="add the tail of the log of what is stuck")
    status.add_argument("--format", choices=["table", "json"], default="table")
    status.add_argument("--refresh", type=_seconds, default=2.0, help="seconds between redraws (default: 2)")

    sweep = sub.add_parser(
        "sweep",
        help="what is left at the end, and deleting exactly that",
        epilog=EXAMPLES["sweep"],
        formatter_class=fmt,
    )
    _roster_option(sweep)
    _cluster_options(sweep)
    sweep.add_argument("--delete", action="store_true", help="delete the roster's leftovers (needs --roster)")
    sweep.add_argument("--yes", action="store_true", help="do not ask before deleting")
    sweep.add_argument("--format", choices=["table", "json"], default="table")

    preflight = sub.add_parser(
        "preflight",
        help="run the whole tutorial on the cluster before the workshop",
        epilog=EXAMPLES["preflight"],
        formatter_class=fmt,
    )
    _cluster_options(preflight)
    preflight.add_argument("--participants", type=_positive, default=3, help="participants at once (default: 3)")
    for option in ("kubectl", "user-prefix", "live-workers", "cleanup-deadline", "apply-site-profile"):
        preflight.add_argument(f"--{option}", help="as the live tier's pytest option of that name")
    preflight.add_argument("--pages", help="only these pages (slugs, comma-separated), e.g. to try one again")
    preflight.add_argument("--format", choices=["markdown", "json"], default="markdown", help="the report's form")
    preflight.add_argument("--report", type=Path, help="where the report goes (default: reports/preflight.md|json)")

    sub.add_parser("handouts", help="print the handouts (workshop handouts --help)", add_help=False)
    return parser.parse_args(argv)


def _roster(path: Path | None) -> list[str] | None:
    if path is None:
        return None
    return [p.username for p in read_roster(path)]


def run_plan(args, out) -> int:
    participants = args.participants if args.participants is not None else len(_roster(args.roster) or [])
    if participants < 1:
        raise _BadInput("--participants must be at least 1")
    given = {CAPACITY_OPTIONS[k]: getattr(args, k) for k in CAPACITY_OPTIONS}
    if any(v is not None for v in given.values()):
        if args.kubeconfig or args.context or args.namespace:
            raise _BadInput("give either the room (--cpu, --memory, ...) or a cluster (--kubeconfig ...), not both")
        capacity = capacity_from_options(given)
    else:
        capacity = capacity_from_cluster(kube.connect(args.kubeconfig, args.context, args.namespace))
    plan = make_plan(participants, capacity, args.timings)
    if args.format == "json":
        out.write(views.plan_json(plan) + "\n")
    elif args.format == "markdown":
        out.write(views.plan_markdown(plan))
    else:
        views.console(out).print(views.plan_table(plan))
    return 0


def run_status(args, out) -> int:
    roster = _roster(args.roster)
    conn = kube.connect(args.kubeconfig, args.context, args.namespace)
    ownership = Ownership(roster)
    state = ClusterState(conn)
    seen: dict[str, int] = {}
    started = time.monotonic()
    if args.once:
        state.list_all()
        rows = participant_statuses(state.snapshot(), ownership, roster, seen)
        if args.logs:
            add_log_tails(conn, rows, state.snapshot())
        now = dt.datetime.now(dt.UTC)
        if args.format == "json":
            out.write(
                views.status_json(
                    rows, now, {"namespace": conn.namespace, "api_requests": conn.requests, "notes": state.errors}
                )
                + "\n"
            )
        else:
            views.console(out).print(views.status_table(rows, now, "\n".join(state.errors), logs=args.logs))
        return 0
    from rich.live import Live

    state.watch()
    console = views.console(out)

    def view():
        rows = participant_statuses(state.snapshot(), ownership, roster, seen)
        now = dt.datetime.now(dt.UTC)
        minutes = max((time.monotonic() - started) / 60, 1.0)  # per minute once a minute has passed
        footer = (
            f"{conn.namespace} · {len(rows)} participants · {now:%H:%M:%S} UTC · API requests: "
            f"{conn.requests} ({conn.requests / minutes:.1f}/min) · Ctrl-C to leave"
        )
        if state.errors:
            footer += "\n" + "\n".join(state.errors)
        return views.status_table(rows, now, footer)

    try:
        with Live(view(), console=console, auto_refresh=False, screen=False) as live:
            while True:
                time.sleep(args.refresh)
                live.update(view(), refresh=True)
    except KeyboardInterrupt:
        return 0
    finally:
        state.stop()


def run_sweep(args, out) -> int:
    roster = _roster(args.roster)
    if args.delete and roster is None:
        raise _BadInput(
            "--delete needs --roster: without it the tool cannot tell a participant's objects from "
            "anybody else's, so it deletes nothing"
        )
    conn = kube.connect(args.kubeconfig, args.context, args.namespace)
    state = ClusterState(conn)
    state.list_all()
    rows = leftovers(state.snapshot(), Ownership(roster), roster)
    if args.format == "json":
        out.write(views.sweep_json(rows, {"namespace": conn.namespace, "notes": state.errors}) + "\n")
    else:
        views.console(out).print(views.sweep_table(rows))
        for note in state.errors:
            print(note, file=out)
    if not args.delete:
        return 0
    items = to_delete(rows)
    if not items:
        print("Nothing to delete.", file=sys.stderr)
        return 0
    print(
        f"To delete in {conn.namespace} ({len(items)} objects, only names the tutorial gives to the roster):",
        file=sys.stderr,
    )
    for item in items:
        print(f"  {item.ref}", file=sys.stderr)
    if not args.yes:
        if not sys.stdin.isatty():
            raise _BadInput("not a terminal to ask on: add --yes to delete without asking")
        answer = input(f"Delete these {len(items)} objects? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("Nothing deleted.", file=sys.stderr)
            return 1
    deleted, kept, failed = delete(conn, items)
    print(f"Deleted {len(deleted)} objects." + (" Not deleted:" if kept or failed else ""), file=sys.stderr)
    for line in kept + [str(problem) for problem in failed]:
        print(f"  {line}", file=sys.stderr)
    return failed[0].exit_code if failed else 0


class _BadInput(ValueError):
    pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["handouts"]:
        from workshop.handouts.cli import main as handouts

        return handouts(argv[1:])
    args = parse_args(argv)
    try:
        return {"plan": run_plan, "status": run_status, "sweep": run_sweep, "preflight": preflight.run}[args.command](
            args, sys.stdout
        )
    except kube.ClusterProblem as problem:
        print(f"workshop {args.command}: {problem}", file=sys.stderr)
        return problem.exit_code
    except (RosterError, _BadInput) as error:
        print(f"workshop {args.command}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"\nworkshop {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
