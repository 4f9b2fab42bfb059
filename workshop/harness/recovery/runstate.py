"""A run's record on disk: enough to finish its cleanup later, from another process.

While a live run works, the objects it created (kind, name, UID: workshop.harness.recovery.ledger) are
kept in ``<state dir>/<run id>.json``, together with the cluster access it used (the original
kubeconfig and context, never the run's temporary copy) and its namespace. A run that closes
cleanly removes the file. One that could not finish (the API server gone, a second Ctrl-C)
leaves it, and ``python -m workshop.harness recover --run <id>`` finishes the job.

A run id names a file, so it is checked before it is used (1 to 8 lowercase letters and digits),
and a new run claims its record exclusively: a second run with the id of one whose record is still
there (a reused WORKSHOP_RUN_ID, two CI jobs, a collision) is refused instead of overwriting the
first run's record, whose leftovers could then no longer be recovered.

The state dir is ``$WORKSHOP_HARNESS_STATE``, else ``~/.cache/workshop-harness/runs``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from workshop.harness.recovery.ledger import Recorded


def state_dir() -> Path:
    configured = os.environ.get("WORKSHOP_HARNESS_STATE")
    return Path(configured) if configured else Path.home() / ".cache" / "workshop-harness" / "runs"


RUN_ID_RE = re.compile(r"[a-z0-9]{1,8}")


class BadRunId(ValueError):
    """A run id that is not 1 to 8 lowercase letters and digits (it would name another file)."""


class RunIdTaken(RuntimeError):
    """Another run with this id has a record still: its leftovers are not recovered yet."""


def check_run_id(run_id: str) -> str:
    if not isinstance(run_id, str) or not RUN_ID_RE.fullmatch(run_id):
        raise BadRunId(
            f"run id {run_id!r}: a run id is 1 to 8 lowercase letters and digits, as the run printed it "
            "(python -m workshop.harness recover --list shows the unfinished ones)"
        )
    return run_id


def recover_command(run_id: str) -> str:
    return f"python -m workshop.harness recover --run {run_id}"


@dataclass
class RunState:
    run_id: str
    kubeconfig: str | None
    context: str | None
    namespace: str
    own_namespace: bool
    items: list[Recorded] = field(default_factory=list)
    namespace_uid: str | None = None  # the namespace the run made, by UID: only that one is deleted

    @property
    def path(self) -> Path:
        return state_dir() / f"{check_run_id(self.run_id)}.json"

    def claim(self) -> None:
        """Make the record, refusing when a record of this run id is already there."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise RunIdTaken(
                f"run id {self.run_id!r} is taken: {self.path} records an earlier run whose cleanup did not finish; "
                f"finish it first ({recover_command(self.run_id)}) or use another WORKSHOP_RUN_ID"
            ) from None
        os.close(fd)
        self.save()

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
    def load(cls, run_id: str) -> RunState:
        path = state_dir() / f"{check_run_id(run_id)}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(
                f"no record of run {run_id!r} in {state_dir()} (its cleanup finished, or it ran as another user)"
            ) from None
        data["items"] = [Recorded(**i) for i in data.get("items", [])]
        return cls(**data)


def unfinished() -> list[str]:
    return sorted(p.stem for p in state_dir().glob("*.json") if RUN_ID_RE.fullmatch(p.stem))
