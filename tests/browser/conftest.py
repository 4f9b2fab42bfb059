"""Fixtures of the browser suite: a fresh context (clipboard allowed), a page that fails the
test on any script error or dialog, and the specimen site (every placeholder context)."""

from __future__ import annotations

import pytest


@pytest.fixture
def context(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.rstrip("/"))
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    assert not errors, f"the page raised errors or opened dialogs: {errors}"


@pytest.fixture(scope="session")
def specimen_server(tmp_path_factory):
    """The site plus the specimen page (tests/specimen.py), built and served."""
    from sitebuild import build_and_serve
    from specimen import make_specimen_project

    project = make_specimen_project(tmp_path_factory.mktemp("specimen") / "project")
    server, result = build_and_serve(tmp_path_factory.mktemp("specimen-site"), root=project)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    yield server.url
    server.close()
