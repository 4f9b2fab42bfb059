"""Reading what the tutorial's commands print, the way a reader does: tolerant of format.

CI runs the real images and repositories, offline runs use stand-ins (cluster/): the checks
look for what both print (a number close to pi), not for one program's exact wording.
"""

from __future__ import annotations

import math
import re

_PI_RE = re.compile(r"(?<![\d.])3\.\d{3,}")
_STEPS_RE = re.compile(r"(\d+) steps")
_UNITS = {"k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15}


def pi_result(log: str) -> tuple[float, int | None]:
    """(the last number that looks like pi, the number of steps if the program says it)."""
    values = [float(v) for v in _PI_RE.findall(log)]
    assert values, f"no value of pi in the output:\n{log}"
    value = values[-1]
    assert abs(value - math.pi) < 0.01, f"{value} is not close to 3.14159"
    steps = _STEPS_RE.findall(log)
    return value, int(steps[-1]) if steps else None


def df_sizes(text: str) -> list[dict]:
    """`df -H` lines (after the header) as {fs, size (bytes), mounted_on}, in output order."""
    rows = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 6:
            size = fields[1]
            number = float(size[:-1]) * _UNITS[size[-1]] if size[-1:] in _UNITS else float(size)
            rows.append({"fs": fields[0], "size": number, "mounted_on": fields[-1], "line": line})
    return rows
