"""Dependencies run one way: a declared table of layers, checked on every import of the tree.

    core  <  render  <  hooks, handouts, harness, instructor (the entry points)

- LAYERS names each upper layer's folders; the core is everything else in workshop/ (derived from
  the folder, so a new shared module is core without being listed, and must then stand alone);
- a module imports only from its own layer or from layers below it, never from a layer above;
- the entry points do not import each other (what two of them share goes into the core);
- the core imports no site builder (MkDocs, ProperDocs, Material);
- no import cycle among the package's modules, also none dodged by an import inside a function;
- a participant never imports the live run that schedules it (it gets a Session).

Every import counts: `import workshop.harness` (a package) as well as `from workshop.harness.live
import run` (a module), relative imports resolved, imports inside functions; in workshop/, hooks/,
the Python scripts of scripts/ and the live scenarios.
"""

from __future__ import annotations

import ast
from pathlib import Path

from workshop.paths import ROOT

PACKAGE = ROOT / "workshop"
# Layers from the bottom up: (name, rank, what belongs to it). The core is derived (see core_of).
ENTRY_POINTS = {
    "hooks": ("hooks",),
    "handouts": ("workshop.handouts",),
    "harness": ("workshop.harness",),
    "instructor": ("workshop.instructor",),
}
LAYERS = {"core": 0, "render": 1, **dict.fromkeys(ENTRY_POINTS, 2)}
RENDER = ("workshop.render",)
# Edges between entry points that are one command by design, each with its reason.
ALLOWED = {
    ("workshop.instructor.cli", "workshop.handouts.cli"): "`workshop handouts` is the handouts command itself",
}
BUILDERS = {"mkdocs", "properdocs", "material"}
SCRIPTS = [
    p
    for p in (ROOT / "scripts").iterdir()
    if p.is_file() and p.read_text(errors="replace").startswith("#!/usr/bin/env python")
]


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    found |= {module_name(p): p for p in (ROOT / "hooks").glob("*.py")}
    return found


def layer_of(module: str) -> str | None:
    """The layer of a module of the tree (None: not ours, e.g. a script or a test)."""
    for name, prefixes in ENTRY_POINTS.items():
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return name
    if any(module == p or module.startswith(p + ".") for p in RENDER):
        return "render"
    if module == "workshop" or module.startswith("workshop."):
        return "core"
    return None


def imports(path: Path, root: Path = ROOT) -> set[str]:
    """Every module or package name this file imports, wherever in the file the import stands,
    relative imports resolved against the file's package."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def ours(name: str, known: dict[str, Path]) -> str | None:
    """The module or package of the tree that an imported name means (a name imported from a
    module, `workshop.capacity.amount`, means the module)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: {m for i in imports(path) if (m := ours(i, known)) and m != name} for name, path in known.items()}


def test_every_module_has_a_layer():
    assert all(layer_of(m) for m in modules()), [m for m in modules() if not layer_of(m)]


def violations(edges: dict[str, set[str]]) -> list[str]:
    wrong = []
    for name, deps in edges.items():
        mine = layer_of(name)
        for dep in deps:
            theirs = layer_of(dep)
            above = LAYERS[theirs] > LAYERS[mine]
            sideways = theirs != mine and LAYERS[theirs] == LAYERS[mine] == 2
            if (above or sideways) and (name, dep) not in ALLOWED:
                wrong.append(f"{name} ({mine}) imports {dep} ({theirs})")
    return wrong


def test_no_module_imports_from_a_layer_above_its_own_or_another_entry_point():
    wrong = violations(graph())
    assert not wrong, "imports against the layers core < render < entry points:\n" + "\n".join(sorted(wrong))


def test_the_scripts_and_tests_import_only_what_exists():
    """Scripts and tests may use any layer, but only through modules and names that exist: a moved
    module breaks them, also where they import it inside a function or a fixture."""
    known = modules()
    missing = []
    for path in [*SCRIPTS, *(ROOT / "tests").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("workshop"):
                if node.module not in known:
                    missing.append(f"{path.relative_to(ROOT)} imports {node.module}, which does not exist")
                    continue
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    if full not in known and not _defines(known[node.module], alias.name):
                        missing.append(f"{path.relative_to(ROOT)} imports {full}, which does not exist")
    assert not missing, "\n".join(missing)


def _defines(path: Path, name: str) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return True
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return True
        if isinstance(node, ast.ImportFrom | ast.Import) and any((a.asname or a.name) == name for a in node.names):
            return True
    return False


def test_the_core_imports_no_site_builder():
    for name, path in modules().items():
        if layer_of(name) == "core":
            wrong = sorted(m for m in imports(path) if m.split(".")[0] in BUILDERS)
            assert not wrong, f"{name} imports {wrong}: the core must not depend on a site builder"


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
    # A module imports its packages' __init__, which is no dependency of substance: leave those edges out.
    edges = {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in graph().items()}
    cycle = _cycle(edges)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_a_participant_does_not_reach_back_into_the_live_run():
    assert "workshop.harness.live.run" not in graph()["workshop.harness.live.participant"]
    for scenario in (ROOT / "tests" / "live").glob("test_*.py"):
        assert not any(m.startswith("workshop.harness.live.run") for m in imports(scenario)), scenario.name


def test_the_check_sees_a_wrong_import(tmp_path):
    """The rules above are not vacuous: an upward import, relative or absolute, of a package or of
    a module, is found; a sideways one between entry points too."""
    render = tmp_path / "workshop" / "render"
    render.mkdir(parents=True)
    (render / "sample.py").write_text("from ..harness.live import run\nimport workshop.instructor\n")
    (tmp_path / "workshop" / "handouts").mkdir()
    (tmp_path / "workshop" / "handouts" / "cli.py").write_text(
        "def main():\n    from workshop.harness import options\n"
    )
    known = modules()
    edges = {
        module_name(p, tmp_path): {m for i in imports(p, tmp_path) if (m := ours(i, known))}
        for p in tmp_path.rglob("*.py")
    }
    assert edges["workshop.render.sample"] == {
        "workshop.harness.live",
        "workshop.harness.live.run",
        "workshop.instructor",
    }
    assert sorted(violations(edges)) == [
        "workshop.handouts.cli (handouts) imports workshop.harness (harness)",
        "workshop.handouts.cli (handouts) imports workshop.harness.options (harness)",
        "workshop.render.sample (render) imports workshop.harness.live (harness)",
        "workshop.render.sample (render) imports workshop.harness.live.run (harness)",
        "workshop.render.sample (render) imports workshop.instructor (instructor)",
    ]
