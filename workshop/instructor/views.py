"""How the instructor tools show their results: a rich table on a terminal (plain text, no
colours, when the output is not a terminal), Markdown for a workshop wiki, JSON for scripts."""

from __future__ import annotations

import datetime as dt
import json

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from workshop import markdown
from workshop.capacity import HELD, UNITS, Plan, amount
from workshop.instructor.status import ParticipantStatus
from workshop.instructor.sweep import ParticipantLeftovers

PLAN_COLUMNS = ("cpu", "memory", "ephemeral-storage", "pods", "persistentvolumeclaims", "requests.storage")
# Shown only when a quota counts them: most namespaces limit requests, some limits too.
LIMIT_COLUMNS = ("limits.cpu", "limits.memory")
HEADS = {
    "cpu": "CPU",
    "memory": "memory",
    "ephemeral-storage": "disk",
    "pods": "pods",
    "persistentvolumeclaims": "claims",
    "requests.storage": "storage",
    "limits.cpu": "CPU limits",
    "limits.memory": "memory limits",
}


def _columns(plan: Plan) -> tuple[str, ...]:
    return PLAN_COLUMNS + tuple(r for r in LIMIT_COLUMNS if r in plan.capacity.left)


def console(stream=None) -> Console:
    """rich turns colours off by itself when the stream is not a terminal; there, the width of
    a wide terminal, so that a file or a pipe gets whole lines."""
    is_tty = bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())
    return Console(file=stream, highlight=False, soft_wrap=False, width=None if is_tty else 150)


def ago(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 90:
        return f"{seconds:.0f} s ago"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min ago"
    return f"{seconds / 3600:.1f} h ago"


def wait_text(seconds: float | None) -> str:
    return "-" if seconds is None else f"~{ago(seconds).removesuffix(' ago')}"


# ---- plan ----------------------------------------------------------------------------------


def _plan_cells(plan: Plan, row) -> list[str]:
    cells = [row.page]
    for r in _columns(plan):
        need = row.need.get(r, 0.0)
        cells.append("-" if not need else amount(r, need, bare=True) + (" !" if r in row.short else ""))
    fits = "any" if row.fits is None else str(row.fits)
    cells += [fits, wait_text(row.wait_seconds) if row.short else ("none" if row.fits is not None else "-")]
    return cells


def _left_cells(plan: Plan) -> list[str]:
    left = plan.capacity.left
    return (
        ["(left in the namespace)"]
        + [amount(r, left[r], bare=True) if r in left else "?" for r in _columns(plan)]
        + ["", ""]
    )


def _heads(plan: Plan) -> list[str]:
    return ["page"] + [f"{HEADS[r]} ({UNITS[r]})" for r in _columns(plan)] + ["fit at once", "wait"]


def plan_table(plan: Plan) -> Group:
    table = Table(
        title=f"{plan.participants} participants at once, each page at its peak; '!': more than is left",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    for i, head in enumerate(_heads(plan)):
        table.add_column(head, justify="left" if i == 0 else "right", no_wrap=True)
    table.add_row(*_left_cells(plan), style="dim")
    for row in plan.rows:
        table.add_row(*_plan_cells(plan, row), style="bold red" if row.short or row.refused else None)
    return Group(table, *[Text(line) for line in _plan_notes(plan)])


def _plan_notes(plan: Plan) -> list[str]:
    lines = []
    if plan.fit_without_waiting is None:
        lines.append("Nothing limits the number of participants that was checked.")
    elif plan.fit_without_waiting == 0:
        lines.append("Not even one participant fits: see the pages marked '!'.")
    else:
        lines.append(f"{plan.fit_without_waiting} participants fit without waiting on any page.")
    for i, row in enumerate(plan.rows):
        queued = [HEADS[r] for r in row.short if r not in HELD]
        held = [HEADS[r] for r in row.short if r in HELD]
        if queued:
            when = (
                f"the last waits {wait_text(row.wait_seconds)}"
                if row.wait_seconds is not None
                else "how long is unknown (no page time measured: run the live tier)"
            )
            lines.append(
                f"{row.title}: {plan.participants} participants need more {', '.join(queued)} than is "
                f"left; they queue ({row.fits} at a time), {when}"
            )
        # Said once, on the first page that runs short of them: the later pages only hold on.
        said_before = i > 0 and any(r in HELD for r in plan.rows[i - 1].short)
        if held and not said_before:
            lines.append(
                f"{row.title}: only {row.fits} participants get their {', '.join(held)}; the quota refuses "
                "the others' (kept until the end of the session, so nobody frees any): ask for more"
            )
    for row in plan.rows:
        for refusal in row.refused:
            lines.append(f"{row.title}: refused by a LimitRange: {refusal}")
    lines += [f"Left: {HEADS[r]} from {src}" for r, src in plan.capacity.source.items()]
    lines += [f"Not checked: {note}" for note in plan.capacity.notes]
    if plan.measured_from:
        lines.append(f"Page times from {plan.measured_from}.")
    return lines


def plan_markdown(plan: Plan) -> str:
    heads = _heads(plan)
    lines = [
        f"**{plan.participants} participants at once**, each page at its peak; '!': more than is left",
        "",
        *markdown.table(
            heads, [_left_cells(plan), *(_plan_cells(plan, row) for row in plan.rows)], right=range(1, len(heads))
        ),
    ]
    return "\n".join(lines + [""] + [f"- {line}" for line in _plan_notes(plan)]) + "\n"


def plan_json(plan: Plan) -> str:
    return json.dumps(plan.as_dict(), indent=2)


# ---- status --------------------------------------------------------------------------------


def status_table(rows: list[ParticipantStatus], now: dt.datetime, footer: str = "", logs: bool = False) -> Group:
    """The live view's and --once's table; footer: what the view adds below (notes, API use)."""
    table = Table(box=box.SIMPLE_HEAD)
    for head in ("participant", "last page", "running", "stuck, and why", "changed"):
        table.add_column(head)
    for row in rows:
        stuck = "\n".join(
            f"{p.object}: {p.reason}"
            + (f" ({p.detail})" if p.detail else "")
            + (("\n  " + p.log_tail.replace("\n", "\n  ")) if logs and p.log_tail else "")
            for p in row.stuck
        )
        table.add_row(
            row.username,
            row.last_page_title or ("nothing yet" if not row.objects else "-"),
            ", ".join(row.running) or "-",
            Text(stuck or "-", style="red" if stuck else ""),
            ago(row.changed_ago(now)),
        )
    return Group(table, Text(footer)) if footer else Group(table)


def status_json(rows: list[ParticipantStatus], now: dt.datetime, meta: dict) -> str:
    return json.dumps(
        {**meta, "generated_at": now.isoformat(), "participants": [r.as_dict(now) for r in rows]}, indent=2
    )


# ---- sweep ---------------------------------------------------------------------------------


def sweep_table(rows: list[ParticipantLeftovers]) -> Table:
    table = Table(title="Left at the end of the session", box=box.SIMPLE_HEAD, title_justify="left")
    for head in (
        "participant",
        "running pods (should be gone)",
        "jobs and finished pods (allowed)",
        "claims",
        "secrets",
        "ConfigMaps",
    ):
        table.add_column(head)
    for row in rows:
        data = row.as_dict()
        table.add_row(
            row.username,
            Text(", ".join(data["running_pods"]) or "-", style="bold red" if data["running_pods"] else ""),
            ", ".join(data["jobs_and_finished_pods"]) or "-",
            ", ".join(data["claims"]) or "-",
            ", ".join(data["secrets"]) or "-",
            ", ".join(data["configmaps"]) or "-",
        )
    return table


def sweep_json(rows: list[ParticipantLeftovers], meta: dict) -> str:
    return json.dumps({**meta, "participants": [r.as_dict() for r in rows]}, indent=2)
