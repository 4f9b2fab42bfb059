"""The handouts as printed: each participant's username in every command, the whole tutorial, the spare."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from handoutkit import CONTINUATION, DISPLAY_NAMES, LONGEST, SEPARATORS, SPARE, USERNAMES, rejoin, squeeze
from pypdf import PdfReader

from workshop.handouts.site import printed_pages as pages
from workshop.pages import code_blocks
from workshop.placeholders import USERNAME
from workshop.render.print_page import HOME_ON_PAPER

TOKEN = USERNAME.token


def snippet_lines():
    """Every non-empty line of every code block of the tutorial, in nav order, once."""
    seen = {}
    for page in pages():
        for block in code_blocks(page):
            for line in block.text().splitlines():
                if line.strip():
                    seen.setdefault(line, block.snippet)
    return seen


def test_one_pdf_per_participant_and_a_spare(printed):
    names = sorted(p.name for p in printed.out_dir.iterdir())
    assert names == sorted([f"{u}.pdf" for u in USERNAMES] + [SPARE])
    for name in names:
        assert len(PdfReader(printed.out_dir / name).pages) > 10


def test_progress_says_every_pdf(printed):
    for name in [f"{u}.pdf" for u in USERNAMES] + [SPARE]:
        assert name in printed.result.stderr
    assert f"{len(USERNAMES) + 1} PDFs" in printed.result.stderr


@pytest.mark.parametrize("username", USERNAMES)
def test_every_snippet_line_is_printed_with_the_username(printed, username):
    text = squeeze("".join(printed.pages(f"{username}.pdf")))
    missing = [
        f"{snippet}: {line}"
        for line, snippet in snippet_lines().items()
        if squeeze(line.replace(TOKEN, username)) not in text
    ]
    assert not missing, "lines not in the handout:\n" + "\n".join(missing)


def print_view(site_dir) -> str:
    return (site_dir / "print" / "index.html").read_text(encoding="utf-8")


def allowed_mentions(site_dir) -> int:
    """Where the print view shows the placeholder on purpose: prose written \\<username>,
    outside what print hides (the screen-only username section)."""
    soup = BeautifulSoup(print_view(site_dir), "html.parser")
    return sum(
        1
        for span in soup.select(".wk-ph-literal")
        if span.get_text() == TOKEN and not span.find_parent(class_="wk-screen-only")
    )


def test_long_commands_break_where_they_can_be_typed_back(printed):
    """From paper, a reader must type exactly the command: each long line is broken before a
    space or after a separator, marked, and joins back into the snippet's line, character for
    character. A line the browser wrapped by itself (no mark) would not join back."""
    text = "\n".join(printed.pages(f"{LONGEST}.pdf"))
    lines = text.splitlines()
    breaks = [(lines[i - 1], line) for i, line in enumerate(lines) if line.lstrip().startswith(CONTINUATION)]
    assert len(breaks) >= 20, f"only {len(breaks)} continuation lines in the longest name's handout"
    inside = [
        f"{before.strip()[-20:]!r} / {after.strip()[:22]!r}"
        for before, after in breaks
        if not (after.lstrip()[1:2] == " " or before.rstrip()[-1:] in SEPARATORS)
    ]
    assert not inside, "breaks inside a token:\n" + "\n".join(inside)
    for before, after in breaks:  # the continuation is indented past its line
        assert len(after) - len(after.lstrip()) > len(before) - len(before.lstrip()) or before.lstrip().startswith(
            CONTINUATION
        ), (before, after)
    joined = {" ".join(line.split()) for line in rejoin(text).splitlines()}
    long_lines = [
        line.replace(TOKEN, LONGEST).strip() for line in snippet_lines() if len(line.replace(TOKEN, LONGEST)) > 84
    ]
    assert long_lines
    missing = [line for line in long_lines if " ".join(line.split()) not in joined]
    assert not missing, "long lines not printed whole (broken without a mark, or changed):\n" + "\n".join(missing)


@pytest.mark.parametrize("username", USERNAMES)
def test_no_placeholder_left_in_a_command(printed, site, username):
    text = squeeze("".join(printed.pages(f"{username}.pdf")))
    kept = [line for line in snippet_lines() if TOKEN in line and squeeze(line) in text]
    assert not kept, f"commands still showing {TOKEN}: {kept}"
    # Every other occurrence is one of the allowed ones, so none hides in a code block.
    assert text.count(TOKEN) == allowed_mentions(site)


@pytest.mark.parametrize("username", [u for u in USERNAMES if u != LONGEST])
def test_the_diagrams_name_the_participants_objects(printed, username):
    text = squeeze("".join(printed.pages(f"{username}.pdf")))
    # Diagram labels, as drawn in docs/diagrams/importing-a-directory.svg and using-a-secret.svg.
    assert squeeze(f"POD c2-{username}") in text
    assert squeeze(f"github-secret-{username}") in text


def test_a_name_too_long_for_a_diagram_box_is_shortened_in_the_middle(printed):
    text = squeeze("".join(printed.pages(f"{LONGEST}.pdf")))
    tail = re.escape(LONGEST[-3:])
    assert re.search(rf"PODc2-workshop-\S*\u2026\S*{tail}", text), "the pod's label is not shortened"
    assert re.search(rf"github-secret-\S*\u2026\S*{tail}", text), "the secret's label is not shortened"


def test_the_commands_name_the_participants_objects(printed):
    text = squeeze("".join(printed.pages("alice.pdf")))
    assert squeeze("kubectl exec -it c1-alice -- bash") in text
    assert squeeze("name: c1-alice") in text


@pytest.mark.parametrize("username", USERNAMES + [None])
def test_nothing_of_another_participant_carries_over(printed, username):
    # One page prints handout after handout, so this is what could go wrong.
    pages_text = printed.pages(f"{username}.pdf" if username else SPARE)
    text = squeeze("".join(pages_text))
    for other in set(USERNAMES) - {username}:
        assert f"c1-{other}" not in text
    for other_name in set(DISPLAY_NAMES.values()) - {DISPLAY_NAMES.get(username)}:
        assert other_name not in pages_text[0]


@pytest.mark.parametrize("username", USERNAMES)
def test_cover_names_the_participant(printed, username):
    display_name = DISPLAY_NAMES.get(username)
    cover = printed.pages(f"{username}.pdf")[0]
    assert "Scientific Computing with Kubernetes" in cover
    assert username in cover
    assert TOKEN not in cover
    if display_name:
        assert display_name in cover


def footer(page_text: str) -> list[str]:
    """The last line of a printed page, split at runs of spaces: [title, username, "n / total"]."""
    last = [line for line in page_text.splitlines() if line.strip()][-1]
    return re.split(r"\s{2,}", last.strip())


@pytest.mark.parametrize("username", USERNAMES + [None])
def test_every_page_footer_names_the_participant_and_numbers_the_page(printed, username):
    pages_text = printed.pages(f"{username}.pdf" if username else SPARE)
    total = len(pages_text)
    for number, page_text in enumerate(pages_text, start=1):
        title, who, page_number = footer(page_text)
        assert title == "Scientific Computing with Kubernetes: Dealing with data", (number, title)
        assert who == (username or "username: ________________"), (number, who)
        assert page_number == f"{number} / {total}", (number, page_number)


def on_paper(page) -> tuple[str, str]:
    """(contents entry, heading) of a section in the print view: the home page is the
    "Introduction" there (workshop.render.print_page), the others as on the site."""
    if page.slug == "index":
        return HOME_ON_PAPER, HOME_ON_PAPER
    return page.title, page.markdown().split("\n", 1)[0].removeprefix("# ").strip()


def test_sections_in_nav_order_each_on_a_new_page(printed):
    pages_text = printed.pages("alice.pdf")
    first_page_of = []
    for page in pages():
        heading = on_paper(page)[1]
        starts = [i for i, text in enumerate(pages_text) if text.lstrip().split("\n")[0].strip().endswith(heading)]
        assert starts, f"no page starts with the section {heading!r}"
        first_page_of.append(starts[0])
    assert first_page_of == sorted(first_page_of)
    assert len(set(first_page_of)) == len(first_page_of)


def test_contents_lists_every_section(printed):
    contents = printed.pages("alice.pdf")[1]
    assert "Contents" in contents
    for page in pages():
        assert on_paper(page)[0] in contents
    assert "Home" not in contents


@pytest.mark.parametrize("name", [f"{u}.pdf" for u in USERNAMES] + [SPARE])
def test_contents_give_the_page_each_section_starts_on(printed, name):
    """The numbers of the contents page are where the sections are in this very handout (a
    long username wraps commands and moves sections)."""
    pages_text = printed.pages(name)
    entries = re.findall(r"^\s*\d+ (.+?)\s*\.*\s+(\d+)\s*$", pages_text[1], re.MULTILINE)
    assert [title for title, _ in entries] == [on_paper(page)[0] for page in pages()], pages_text[1]
    for page, (_, number) in zip(pages(), entries, strict=False):
        heading = on_paper(page)[1]
        first_line = pages_text[int(number) - 1].lstrip().split("\n")[0].strip()
        assert first_line.endswith(heading), (
            f"contents say {page.title!r} is on page {number}, which starts {first_line!r}"
        )


def test_a_longer_username_moves_sections_and_its_contents_follow(printed):
    def numbers(name):
        return re.findall(r"(\d+)\s*$", printed.pages(name)[1], re.MULTILINE)

    assert numbers("alice.pdf") != numbers(f"{LONGEST}.pdf")  # else the test above proves little


def test_spare_keeps_the_placeholder(printed):
    pages_text = printed.pages(SPARE)
    text = squeeze("".join(pages_text))
    with_token = [line for line in snippet_lines() if TOKEN in line]
    assert with_token
    missing = [line for line in with_token if squeeze(line) not in text]
    assert not missing, f"spare copy lost the placeholder in: {missing}"
    for username in USERNAMES:
        assert f"c1-{username}" not in text
    assert "Write your username here" in pages_text[0]


def test_bookmarks_lead_to_every_section_in_order(printed):
    reader = PdfReader(printed.out_dir / "alice.pdf")
    top = [
        (item.title, reader.get_destination_page_number(item)) for item in reader.outline if not isinstance(item, list)
    ]
    titles = [title for title, _ in top]
    home, *sections = pages()  # the home page's bookmark is its heading on paper
    assert HOME_ON_PAPER in titles, titles
    assert [t for t in titles if t in [p.title for p in sections]] == [p.title for p in sections], titles
    numbers = [number for _, number in top]
    assert numbers == sorted(numbers) and len(set(numbers[2:])) == len(numbers[2:]), top


@pytest.mark.parametrize("name", ["alice.pdf", SPARE])
def test_paper_speaks_of_paper(printed, name):
    text = " ".join(" ".join(printed.pages(name)).split())
    for screen_only in ("copy button", "fills in your username for you", "This site fills", "press Set"):
        assert screen_only not in text, f"{name}: {screen_only!r} on paper"
    assert "Type each command as it is printed" in text
    assert "A line that starts with ↪ goes on from the line above" in text
