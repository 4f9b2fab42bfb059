"""Every code block is one snippet file, shown as it is; every snippet file is used."""
import subprocess

import pytest
import yaml
from bs4 import BeautifulSoup

from workshop.paths import SNIPPETS
from workshop.pages import code_blocks, fences, include_lines, pages, snippet_files

PAGES = pages()


def _blocks_or_none(page):
    try:
        return code_blocks(page)
    except ValueError:
        return []  # test_every_fence_is_exactly_one_include reports the page


BLOCKS = [block for page in PAGES for block in _blocks_or_none(page)]
# Sample values to make snippets parse as a participant would paste them.
SAMPLE = {"<username>": "alice", "<github-user>": "octocat", "<github-token>": "TOKEN"}


def _filled(text: str) -> str:
    for placeholder, value in SAMPLE.items():
        text = text.replace(placeholder, value)
    return text


def _id(block):
    return f"{block.page.slug}:{block.line}:{block.snippet}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_every_fence_is_exactly_one_include(page):
    bad = [f.line for f in fences(page.markdown()) if f.include is None]
    assert not bad, f"{page.path.name}: fences at lines {bad} hold something other than one include"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_no_include_outside_a_fence(page):
    in_fences = {f.line + 1 for f in fences(page.markdown())}
    stray = [line for line, _ in include_lines(page.markdown()) if line not in in_fences]
    assert not stray, f"{page.path.name}: includes outside code blocks at lines {stray}"


def test_every_include_names_an_existing_snippet():
    missing = [_id(b) for b in BLOCKS if not b.snippet_path.is_file()]
    assert not missing


def test_every_snippet_file_is_used_by_a_page():
    used = {b.snippet for b in BLOCKS}
    assert sorted(set(snippet_files()) - used) == []


def test_snippets_live_in_their_pages_folder():
    misplaced = [_id(b) for b in BLOCKS if b.snippet.split("/")[0] != b.page.slug]
    assert not misplaced


@pytest.mark.parametrize("block", BLOCKS, ids=_id)
def test_language_and_title_follow_the_file(block):
    name = block.snippet.rsplit("/", 1)[-1]
    if name.endswith(".yaml"):
        assert block.lang == "yaml"
        assert block.title == name, "a manifest shows its file name as the block title"
    elif name.endswith(".sh"):
        assert block.lang == "bash"
    else:
        pytest.fail(f"unexpected snippet type: {name}")
    if block.in_pod:
        assert block.title and block.title.startswith("inside "), "in-pod commands say where they run"


@pytest.mark.parametrize("snippet", [s for s in snippet_files() if s.endswith(".sh")])
def test_shell_snippets_are_valid_bash_without_prompts(snippet):
    text = (SNIPPETS / snippet).read_text(encoding="utf-8")
    assert not any(line.lstrip().startswith("$ ") for line in text.splitlines()), "no prompts"
    result = subprocess.run(["bash", "-n"], input=_filled(text), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("snippet", [s for s in snippet_files() if s.endswith(".yaml")])
def test_manifests_parse_and_carry_the_username(snippet):
    manifest = yaml.safe_load(_filled((SNIPPETS / snippet).read_text(encoding="utf-8")))
    assert manifest["apiVersion"] and manifest["kind"]
    assert manifest["metadata"]["name"].endswith("-alice"), "names are per participant"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_built_code_blocks_are_the_snippets(page, site_dir):
    html = BeautifulSoup(page.html_path(site_dir).read_text(encoding="utf-8"), "html.parser")
    shown = [div.select_one("pre code").get_text() for div in html.select("article div.highlight")]
    expected = [block.text() for block in code_blocks(page)]
    assert len(shown) == len(expected), "every code block on the page is one include"
    for text, snippet_text, block in zip(shown, expected, code_blocks(page)):
        assert text.rstrip("\n") == snippet_text, _id(block)
