"""workshop-handouts: one printed handout (PDF) per participant, plus a spare copy.

    workshop-handouts ROSTER --out DIR [--site DIR] [--paper a4|letter] [--jobs N]

Checks the whole roster first (nothing is written until it is valid), builds the site once,
then prints its print view with one headless Chromium: DIR/<username>.pdf for each
participant, and DIR/_spare.pdf with the <username> placeholder left in (a username cannot
start with '_', so the spare never collides with a participant's file).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from playwright.async_api import Error as BrowserError

from workshop.handouts.pdf import Handout, remove_stale_parts
from workshop.handouts.progress import Progress
from workshop.handouts.queue import HandoutsFailed, Interrupted, print_all
from workshop.handouts.site import PRINT_PAGE, SiteError, build_site, check_site, serve_site
from workshop.roster import RosterError, read_roster

SPARE = "_spare.pdf"
EXIT_BAD_INPUT = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="workshop-handouts",
        description="Print one PDF handout per participant of a roster, each with that participant's "
        "username in every command and manifest, plus a spare copy (_spare.pdf) that keeps "
        "the <username> placeholder.",
        epilog="Roster: one username a line, optionally followed by whitespace or a comma and a display "
        "name; lines starting with '#' and blank lines are ignored.",
    )
    parser.add_argument("roster", type=Path, help="the roster file")
    parser.add_argument("--out", "-o", type=Path, required=True, help="folder for the PDFs (created if missing)")
    parser.add_argument("--site", type=Path, help="a site already built with `mkdocs build` (default: build one now)")
    parser.add_argument(
        "--allow-token",
        action="store_true",
        help="print a --site that carries a GitHub token (refused by default: it would be on every handout)",
    )
    parser.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size (default: a4)")
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="handouts printed at the same time in the one browser (default: %(default)s)",
    )
    return parser.parse_args(argv)


def plan(participants, out_dir: Path) -> list[Handout]:
    handouts = [Handout(p.username, p.display_name, out_dir / f"{p.username}.pdf") for p in participants]
    return handouts + [Handout(None, "", out_dir / SPARE)]


def site_title(site_dir: Path) -> str:
    page = (site_dir / PRINT_PAGE / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<h1 class="wk-cover-title">([^<]*)</h1>', page)
    return html.unescape(match.group(1).strip()) if match else "Handout"


def run(args) -> int:
    # 1. Input: everything checked before anything is written.
    try:
        participants = read_roster(args.roster)
    except RosterError as error:
        print(f"workshop-handouts: invalid roster, nothing written:\n{error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.jobs < 1:
        print("workshop-handouts: --jobs must be at least 1", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.out.exists() and not args.out.is_dir():
        print(f"workshop-handouts: {args.out}: exists and is not a folder; nothing written", file=sys.stderr)
        return EXIT_BAD_INPUT

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="workshop-handouts-") as scratch:
        # 2. The site, built once (or given).
        try:
            if args.site:
                site_dir = args.site
                check_site(site_dir, allow_token=args.allow_token)
            else:
                print("Building the site ...", file=sys.stderr, flush=True)
                site_dir = Path(scratch) / "site"
                build_site(site_dir)
        except SiteError as error:
            print(f"workshop-handouts: {error}\nNothing written.", file=sys.stderr)
            return EXIT_FAILED

        # 3. The PDFs.
        args.out.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(args.out)
        handouts = plan(participants, args.out)
        progress = Progress(len(handouts), sys.stderr)
        with serve_site(site_dir) as base_url:
            try:
                asyncio.run(
                    print_all(handouts, base_url + PRINT_PAGE, site_title(site_dir), args.paper, args.jobs, progress)
                )
            except (Interrupted, KeyboardInterrupt):
                progress.stop()
                print(
                    f"\nInterrupted. {progress.summary_of_done()} No partial PDF was left behind.",
                    file=sys.stderr,
                )
                return EXIT_INTERRUPTED
            except (HandoutsFailed, BrowserError, OSError) as error:
                progress.stop()
                print(
                    f"\nworkshop-handouts: failed: {error}\n{progress.summary_of_done()} "
                    "No partial PDF was left behind.",
                    file=sys.stderr,
                )
                return EXIT_FAILED
        progress.stop()
    total = time.monotonic() - started
    print(
        f"{len(handouts)} PDFs in {args.out} ({len(participants)} participants + {SPARE}), "
        f"{progress.total_bytes / 1e6:.1f} MB, {total:.1f} s.",
        file=sys.stderr,
    )
    return 0


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except KeyboardInterrupt:  # before printing started (the site build)
        print("\nInterrupted before any PDF was printed.", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
