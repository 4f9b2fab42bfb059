"""Coverage and timing reports, as Markdown (for people) and JSON (for scripts), in reports/.

- coverage: per page, every code block and what happened to it: run by the live tier (how
  many times, by how many participants), checked statically only (and why), or declared but
  not run in this session (only the static tier ran).
- timings: per page and participant, the wall time of the scenario; the slowest waits and
  snippets; so instructors can see how long each section takes on a quiet cluster.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from workshop import markdown
from workshop.paths import REPORTS


@dataclass(frozen=True)
class Step:
    page: str
    user: str
    kind: str  # "snippet", "wait", "check", "cleanup", "scenario", "retry"
    what: str  # snippet path, or what was waited for
    seconds: float
    ok: bool


def write_coverage(inv, ran: dict[tuple[str, str], dict[str, int]] | None, out_dir: Path = REPORTS) -> dict[str, Path]:
    """ran: {(page, snippet): {username: times run}}, or None when the live tier did not run."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for block in inv.blocks:
        if block.static_only:
            status, detail = "static-only", block.static_only
        elif ran is None:
            status, detail = "declared", "run by the live tier (not run in this session)"
        else:
            counts = ran.get((block.page, block.snippet), {})
            shown = inv.occurrences(block.page)[block.snippet]
            if counts and min(counts.values()) >= shown:
                status = "ran"
                detail = f"{min(counts.values())}x by each of {len(counts)} participants (page shows it {shown}x)"
            elif counts:
                status, detail = "ran-partly", f"runs per participant {dict(counts)}, page shows it {shown}x"
            else:
                status, detail = (
                    "not-run",
                    "declared but not run in this session (deselected or failed earlier)",
                )
        rows.append(
            {
                "page": block.page,
                "line": block.line,
                "snippet": block.snippet,
                "in_pod": block.in_pod,
                "status": status,
                "detail": detail,
            }
        )
    md = [
        "# Snippet coverage",
        "",
        "Every code block of the site: run by the live tier, or checked statically only (and why).",
        "The static tier checks every block (schema, bash syntax, kubectl arguments, names) either way.",
        "",
    ]
    for page in inv.pages:
        page_rows = [r for r in rows if r["page"] == page]
        if not page_rows:
            continue
        md += [f"## {page}", ""]
        md += markdown.table(
            ["line", "snippet", "status", "detail"],
            [
                [r["line"], f"`{r['snippet']}`" + (" (in pod)" if r["in_pod"] else ""), r["status"], r["detail"]]
                for r in page_rows
            ],
            right=[0],
        )
        md.append("")
    paths = {"md": out_dir / "coverage.md", "json": out_dir / "coverage.json"}
    paths["md"].write_text("\n".join(md))
    paths["json"].write_text(json.dumps(rows, indent=2))
    return paths


def write_timings(steps: list[Step], pages: list[str], meta: dict, out_dir: Path = REPORTS) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    scenario = {(s.page, s.user): s for s in steps if s.kind == "scenario"}
    users = sorted({s.user for s in steps})
    md = ["# Live tier timings", ""]
    md += [f"- {k}: {v}" for k, v in meta.items()]
    md += [
        "",
        "Wall time of each page's scenario per participant (machine speed, no reading or typing time;",
        "the harness force-finishes deletions of `sleep 1000` pods instead of waiting 30 s of grace).",
        "",
    ]
    table_rows = []
    for page in pages:
        page_steps = [s for s in steps if s.page == page and s.kind != "scenario"]
        if not page_steps and not any(p == page for p, _ in scenario):
            continue
        cells = []
        for user in users:
            s = scenario.get((page, user))
            cells.append("" if s is None else f"{s.seconds:.1f} s" + ("" if s.ok else " (failed)"))
        slowest = max(page_steps, key=lambda s: s.seconds, default=None)
        n_snippets = len([s for s in page_steps if s.kind == "snippet"]) // max(1, len(users))
        table_rows.append(
            [page, *cells, n_snippets, f"{slowest.kind} `{slowest.what}` {slowest.seconds:.1f} s" if slowest else ""]
        )
    md += markdown.table(["page", *users, "snippets run", "slowest step"], table_rows, right=range(1, len(users) + 2))
    waits = sorted((s for s in steps if s.kind in ("wait", "snippet", "cleanup")), key=lambda s: -s.seconds)[:15]
    md += ["", "## Slowest waits and snippets", ""]
    md += markdown.table(
        ["seconds", "page", "participant", "kind", "what"],
        [[f"{s.seconds:.1f}", s.page, s.user, s.kind, f"`{s.what}`"] for s in waits],
        right=[0],
    )
    retries = [s for s in steps if s.kind == "retry"]
    md += [
        "",
        "## Retries",
        "",
        "Steps the harness repeated because the cluster, not the page, failed them:",
        "",
    ]
    md += [f"- {s.page} as {s.user}: {s.what}" for s in retries] or ["- none"]
    by_page: dict[str, list[float]] = defaultdict(list)
    for (page, _), s in scenario.items():
        by_page[page].append(s.seconds)
    paths = {"md": out_dir / "timings.md", "json": out_dir / "timings.json"}
    paths["md"].write_text("\n".join(md) + "\n")
    paths["json"].write_text(json.dumps({"meta": meta, "steps": [asdict(s) for s in steps]}, indent=2))
    return paths


def write_summary(
    verdicts: dict[str, str],
    steps: list[Step],
    failures: dict[str, list[tuple[str, list]]],
    fit_lines: list[str],
    selection: str | None,
    out: Path,
) -> str:
    """The run as a maintainer reads it first: pages run and why, each page's verdict, minutes
    and claims checked, the failures at their places, the fit report. Written to `out` and
    returned (for $GITHUB_STEP_SUMMARY).

    verdicts: page -> passed / failed / skipped; failures: page -> [(message, places)]."""
    md = ["# Live tier summary", ""]
    md += ["## Pages run, and why", "", "```", selection or "every page with a live scenario", "```", ""]
    rows = []
    for page, verdict in verdicts.items():
        seconds = max((s.seconds for s in steps if s.page == page and s.kind == "scenario"), default=0.0)
        claims = {s.what for s in steps if s.page == page and s.kind == "check" and s.ok}
        rows.append([page, verdict, f"{seconds / 60:.1f}", len(claims)])
    md += markdown.table(["page", "verdict", "minutes (slowest participant)", "claims checked"], rows, right=[2, 3])
    md += ["", "## Failures", ""]
    if not any(failures.values()):
        md.append("none")
    for page, found in failures.items():
        for message, places in found:
            first = message.strip().splitlines()[0] if message.strip() else "(no message)"
            where = ", ".join(f"`{p.file}:{p.line}` ({p.what})" for p in places)
            md.append(f"- **{page}**: {first}" + (f" — at {where}" if where else ""))
    md += ["", "## Fit report", ""] + ([f"- {line}" for line in fit_lines] or ["- (none)"])
    text = "\n".join(md) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return text
