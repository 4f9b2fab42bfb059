"""The build-time values of the placeholders: read from the environment, checked, read once.

Above both workshop.placeholders (what the placeholders are) and workshop.username (which
names are allowed): the hooks, the handouts and the tests ask here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from workshop.placeholders import ALL, USERNAME
from workshop.username import check_username

ENV_VARS = tuple(p.env_var for p in ALL)


def values_from_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Build-time values, validated; empty variables count as unset.

    Raises workshop.username.InvalidUsername for a WORKSHOP_USERNAME that makes invalid names.
    """
    environ = os.environ if environ is None else environ
    return dict(_checked(tuple((p.env_var, environ.get(p.env_var) or "") for p in ALL)))


@lru_cache(maxsize=8)
def _checked(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    # Cached on the variables' values: every hook of one build asks, the work is done once.
    by_var = dict(pairs)
    values = tuple((p.name, by_var[p.env_var]) for p in ALL if by_var[p.env_var])
    username = dict(values).get(USERNAME.name)
    if username is not None:
        check_username(username, source=USERNAME.env_var)
    return values


def without_build_values(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment less every WORKSHOP_* placeholder value (a build left for the reader)."""
    return {k: v for k, v in environ.items() if k not in ENV_VARS}
