"""A run's record on disk: enough to finish its cleanup later, from another process.

While a live run works, the objects it created (kind, name, UID: workshop.harness.ledger) are
kept in ``<state dir>/<run id>.json``, together with the cluster access it used (the original
kubeconfig and context, never the run's temporary copy) and its namespace. A run that closes
cleanly removes the file. One that could not finish (the API server gone, a second Ctrl-C)
leaves it, and ``python -m workshop.harness sweep --run <id>`` finishes the job.

The state dir is ``$WORKSHOP_HARNESS_STATE``, else ``~/.cache/workshop-harness/runs``.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from workshop.harness.ledger import Recorded


def state_dir() -> Path:
    configured = os.environ.get("WORKSHOP_HARNESS_STATE")
    return Path(configured) if configured else Path.home() / ".cache" / "workshop-harness" / "runs"


def sweep_command(run_id: str) -> str:
    return f"python -m workshop.harness sweep --run {run_id}"


@dataclass
class RunState:
    run_id: str
    kubeconfig: str | None
    context: str | None
    namespace: str
    own_namespace: bool
    items: list[Recorded] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return state_dir() / f"{self.run_id}.json"

    def save(self) -> None:
        """Atomically: a crash mid-write leaves the previous record, never half of one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {**asdict(self), "items": [asdict(i) for i in self.items]}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.run_id}-", suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1)
        os.replace(tmp, self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)

    @classmethod
    def load(cls, run_id: str) -> "RunState":
        path = state_dir() / f"{run_id}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(
                f"no record of run {run_id!r} in {state_dir()} (its cleanup finished, or it ran as another user)"
            ) from None
        data["items"] = [Recorded(**i) for i in data.get("items", [])]
        return cls(**data)


def unfinished() -> list[str]:
    return sorted(p.stem for p in state_dir().glob("*.json"))
