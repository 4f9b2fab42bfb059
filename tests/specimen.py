"""A copy of the project with one extra page that uses <username> everywhere it can appear.

The real pages need not have a placeholder in a heading, an admonition title or a console
block; the specimen page has all of them, so the tests cover every place whatever the pages
say. The copy is made of symlinks, except docs/ (a real directory, to hold the extra page).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "specimen"
PAGE = r"""# Specimen for <username>

Prose names <username> and inline code names `kubectl get pod c1-<username>`.

## Pods of <username>

!!! note "Objects of <username>"
    The ConfigMap `config1-<username>` belongs to <username>.

```console
$ kubectl get pod c1-<username>
NAME              READY   STATUS
c1-<username>     1/1     Running
```

```bash title="the pod c1-<username>"
--8<-- "simple-config-files/create-configmap.sh"
```

```yaml title="c1.yaml"
--8<-- "simple-config-files/c1.yaml"
```

```python
print("hello, <username>")  # <username> in a comment
```

```json
{"name": "c1-<username>", "owner": "<username>"}
```

```text
plain c1-<username>
```

Mentioning the placeholder itself: \<username> and `\<username>`.
"""


def make_specimen_project(target: Path) -> Path:
    """The project under target, with docs/specimen.md added; returns target."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        if entry.name in {"docs", "site", ".git", ".venv"}:
            continue
        (target / entry.name).symlink_to(entry)
    docs = target / "docs"
    docs.mkdir()
    for entry in (ROOT / "docs").iterdir():
        (docs / entry.name).symlink_to(entry)
    (docs / f"{SLUG}.md").write_text(PAGE, encoding="utf-8")
    return target
