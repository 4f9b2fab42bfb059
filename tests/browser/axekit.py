"""The accessibility audit: axe-core (pinned through axe-playwright-python) in Debian's Chromium.

One audit is one page in one state (width, colour scheme, with or without a username), checked
against the WCAG 2.0/2.1 A and AA rules. Findings of impact "serious" or "critical" fail; lesser
ones are allowed only when ALLOWED_MINOR names them with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

# Minor or moderate findings that stay, each with its reason (the issue asks for the list).
ALLOWED_MINOR: dict[str, str] = {}


@dataclass(frozen=True)
class Finding:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    summary: str

    def __str__(self) -> str:
        where = ", ".join(self.targets[:4]) + (f" (+{len(self.targets) - 4} more)" if len(self.targets) > 4 else "")
        return f"{self.rule} [{self.impact}] {self.help}: {where}\n      {self.summary}"


def audit(page) -> list[Finding]:
    """Every WCAG A/AA violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]})
    findings = []
    for violation in results.response["violations"]:
        nodes = violation["nodes"]
        findings.append(
            Finding(
                rule=violation["id"],
                impact=violation.get("impact") or "unknown",
                help=violation["help"],
                targets=tuple(" ".join(map(str, node["target"])) for node in nodes),
                summary=(nodes[0].get("failureSummary") or "").replace("\n", " ")[:300] if nodes else "",
            )
        )
    return findings


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.impact in BLOCKING or (f.rule not in ALLOWED_MINOR)]
