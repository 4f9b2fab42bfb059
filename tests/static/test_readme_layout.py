"""README.md's "Layout" section matches the tree: every Python module of workshop/ and hooks/ is
named in the row of its folder, and every module a row names exists there. A newcomer reads the
layout first; a module moved, added or retired without the README is a failure here."""

from __future__ import annotations

import re

from workshop.paths import ROOT

_ROW_RE = re.compile(r"^\| `(?P<folder>(?:workshop|hooks)[^`]*/)` \|(?P<rest>.*)\|\s*$", re.M)
_MODULE_RE = re.compile(r"`(?P<name>[A-Za-z0-9_]+\.py)`")


def layout_rows() -> dict[str, set[str]]:
    """{folder: the modules its row names} from the Layout section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Layout") :]
    section = section[: section.index("\n## ", 3)]
    return {m["folder"]: set(_MODULE_RE.findall(m["rest"])) for m in _ROW_RE.finditer(section)}


def python_folders() -> dict[str, set[str]]:
    """{folder: its modules} for workshop/ (every package) and hooks/; __init__ is the package."""
    found: dict[str, set[str]] = {}
    for path in [*(ROOT / "workshop").rglob("*.py"), *(ROOT / "hooks").glob("*.py")]:
        if path.name != "__init__.py" and "__pycache__" not in path.parts:
            found.setdefault(str(path.parent.relative_to(ROOT)) + "/", set()).add(path.name)
    return found


def test_every_folder_has_a_row():
    missing = sorted(set(python_folders()) - set(layout_rows()))
    assert not missing, f"README.md's Layout has no row for {missing}"


def test_every_module_is_named_in_its_folders_row():
    rows = layout_rows()
    unnamed = [
        f"{folder}{m}"
        for folder, modules in python_folders().items()
        for m in sorted(modules - rows.get(folder, set()))
    ]
    assert not unnamed, f"README.md's Layout does not name {unnamed}: say in one line what each is for"


def test_every_module_the_readme_names_exists():
    tree = python_folders()
    ghosts = [
        f"{folder}{m}" for folder, named in layout_rows().items() for m in sorted(named - tree.get(folder, set()))
    ]
    assert not ghosts, f"README.md's Layout names modules that do not exist: {ghosts}"
