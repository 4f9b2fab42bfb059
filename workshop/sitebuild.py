"""Building the site: one function for the handouts, the tests and the benchmarks.

Two builders run the same mkdocs.yml, theme, plugins and hooks: MkDocs 1.6 (the default) and
ProperDocs, the maintained fork of MkDocs 1.x, for when MkDocs 1.x and Material for MkDocs
reach their end (MkDocs 2.0 has no plugin system). ``WORKSHOP_SITE_BUILDER=properdocs``
switches every build of the project; tests/site/test_builders.py builds with both.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from workshop.build_values import without_build_values
from workshop.paths import ROOT

BUILDERS = {"mkdocs": "mkdocs", "properdocs": "properdocs"}  # name -> Python module to run
DEFAULT_BUILDER = "mkdocs"
SITE_URL_VAR = "WORKSHOP_SITE_URL"


class UnknownBuilder(ValueError):
    pass


def builder_from_env(environ: Mapping[str, str] | None = None) -> str:
    name = (os.environ if environ is None else environ).get("WORKSHOP_SITE_BUILDER") or DEFAULT_BUILDER
    if name not in BUILDERS:
        raise UnknownBuilder(f"WORKSHOP_SITE_BUILDER={name!r}: use one of {', '.join(BUILDERS)}")
    return name


def build(
    site_dir: Path, *, root: Path = ROOT, builder: str | None = None, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess:
    """`<builder> build --strict` of the project at root into site_dir, with exactly the given
    WORKSHOP_* placeholder values and site address (none from the caller's shell)."""
    builder = builder or builder_from_env()
    environ = without_build_values(os.environ)
    environ.pop(SITE_URL_VAR, None)
    environ.update(env, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            BUILDERS[builder],
            "build",
            "--strict",
            "--quiet",
            "--config-file",
            str(Path(root) / "mkdocs.yml"),
            "--site-dir",
            str(site_dir),
        ],
        cwd=root,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def publish(site_dir: Path, site_url: str, builder: str | None = None) -> subprocess.CompletedProcess:
    """The build to publish: strict, at the address it is published at (instant navigation
    follows only the sitemap's links, made from it), with no token and no baked username
    whatever the caller's environment holds (build() passes none on)."""
    if not site_url.startswith(("https://", "http://")):
        raise ValueError(
            f"{SITE_URL_VAR}={site_url!r}: the address the site is published at, e.g. https://x.github.io/y/"
        )
    return build(site_dir, builder=builder, WORKSHOP_SITE_URL=site_url if site_url.endswith("/") else site_url + "/")


def main(argv: list[str] | None = None) -> int:
    """python -m workshop.sitebuild OUT_DIR: the site to publish, at $WORKSHOP_SITE_URL (scripts/build-site)."""
    argv = sys.argv[1:] if argv is None else argv
    url = os.environ.get(SITE_URL_VAR, "")
    if len(argv) != 1 or not url:
        print(f"usage: {SITE_URL_VAR}=https://... python -m workshop.sitebuild OUT_DIR", file=sys.stderr)
        return 2
    try:
        result = publish(Path(argv[0]), url)
    except (ValueError, UnknownBuilder) as error:
        print(f"build-site: {error}", file=sys.stderr)
        return 2
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        return 1
    print(f"build-site: {argv[0]} built for {url}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
