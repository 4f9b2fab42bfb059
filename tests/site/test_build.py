"""`mkdocs build --strict` passes, with no warning at all."""


def test_strict_build_passes(build):
    assert build.returncode == 0, build.output


def test_strict_build_has_no_warnings(build):
    warnings = [line for line in build.output.splitlines() if "WARNING" in line]
    assert not warnings, "\n".join(warnings)
