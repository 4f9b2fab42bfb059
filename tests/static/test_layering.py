"""Dependencies inside workshop/ run one way, and the layers keep to their side.

- no import cycle among the package's modules (also none dodged by an import inside a function);
- the shared core (paths, names, placeholders, username, pages, render, ...) imports neither
  MkDocs nor the handouts nor the harness, so another builder or tool can use it;
- the handouts and the harness do not import each other;
- a participant never imports the live run that schedules it (it gets a Session).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from workshop.paths import ROOT

PACKAGE = ROOT / "workshop"
CORE = (
    "workshop.paths",
    "workshop.k8s_names",
    "workshop.placeholders",
    "workshop.username",
    "workshop.build_values",
    "workshop.pages",
    "workshop.render",
    "workshop.chromium",
    "workshop.sitebuild",
    "workshop.testenv",
    "workshop.kubectl_commands",
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module name this file imports, wherever in the file the import stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports(path) if m in modules and m != name} for name, path in modules.items()}


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_import_graph_has_no_cycle():
    # A package imports its __init__, which is no dependency of substance: leave those edges out.
    edges = {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in graph().items()}
    cycle = _cycle(edges)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


@pytest.mark.parametrize("module", sorted(m for m in graph() if m.startswith(CORE)))
def test_the_core_stands_on_its_own(module):
    path = next(p for p in PACKAGE.rglob("*.py") if module_name(p) == module)
    wrong = sorted(
        m
        for m in imports(path)
        if m.split(".")[0] in {"mkdocs", "properdocs", "material"}
        or m.startswith(("workshop.harness", "workshop.handouts"))
    )
    assert not wrong, f"{module} imports {wrong}: the core must not depend on a builder, the handouts or the harness"


def test_the_handouts_and_the_harness_do_not_import_each_other():
    for name, deps in graph().items():
        if name.startswith("workshop.handouts"):
            assert not any(d.startswith("workshop.harness") for d in deps), name
        if name.startswith("workshop.harness"):
            assert not any(d.startswith("workshop.handouts") for d in deps), name


def test_a_participant_does_not_reach_back_into_the_live_run():
    assert "workshop.harness.live.run" not in graph()["workshop.harness.live.participant"]
    for scenario in (ROOT / "tests" / "live").glob("test_*.py"):
        assert not any(m.startswith("workshop.harness.live.run") for m in imports(scenario)), scenario.name


def test_the_instructor_tools_stand_on_the_core_not_on_the_harness():
    for name, deps in graph().items():
        if name.startswith("workshop.instructor"):
            wrong = sorted(d for d in deps if d.startswith("workshop.harness"))
            assert not wrong, f"{name} imports {wrong}"
