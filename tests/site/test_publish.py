"""The site as it is published (scripts/build-site, which .github/workflows/pages.yml runs): a
strict build at the address it is published at, with no token and no baked username even when
the environment that runs it holds them."""

from __future__ import annotations

import os
import subprocess

from workshop.paths import ROOT

URL = "https://workshop.example.org/dealing-with-data/"
TOKEN = "fake-token-that-must-not-be-published"


def test_the_published_build_carries_no_token_no_username_and_its_address(tmp_path):
    site = tmp_path / "site"
    env = {**os.environ, "WORKSHOP_SITE_URL": URL, "WORKSHOP_GITHUB_USER": "someone", "WORKSHOP_GITHUB_TOKEN": TOKEN,
           "WORKSHOP_USERNAME": "baked-name"}
    result = subprocess.run([str(ROOT / "scripts" / "build-site"), str(site)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    texts = {p: p.read_text(encoding="utf-8", errors="ignore") for p in site.rglob("*") if p.is_file()}
    assert not [p for p, t in texts.items() if TOKEN in t], "the published site carries the token"
    assert not [p for p, t in texts.items() if "baked-name" in t], "the published site has a baked username"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{URL}</loc>" in sitemap and f"<loc>{URL}persistent-storage/</loc>" in sitemap
    assert '<span class="wk-ph" data-wk-ph="username">' in texts[site / "persistent-storage" / "index.html"]


def test_it_refuses_without_the_address(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "WORKSHOP_SITE_URL"}
    result = subprocess.run([str(ROOT / "scripts" / "build-site"), str(tmp_path / "site")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "WORKSHOP_SITE_URL" in result.stderr, result.stderr
    assert not (tmp_path / "site").exists()
