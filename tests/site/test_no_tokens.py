"""No GitHub token, or anything shaped like one, in the repository or the built site."""
import re
import subprocess


from workshop.paths import ROOT

# Shapes of real credentials; the bare prefixes are allowed (this file names them).
TOKEN_RE = re.compile(
    r"github_pat_[A-Za-z0-9_]{20,}"          # fine-grained personal access token
    r"|gh[pousr]_[A-Za-z0-9]{30,}"           # classic, OAuth, user-to-server, server, refresh
    r"|token[=:][ \t]*['\"]?[0-9a-f]{40}\b"  # a 40-hex token handed over as token=...
)


def _hits(path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="ignore")
    except (IsADirectoryError, FileNotFoundError):
        return []
    return [f"{path}: {m.group(0)[:12]}..." for m in TOKEN_RE.finditer(text)]


def test_token_pattern_recognises_tokens():
    fake = "ghp_" + "a1B2" * 9, "github_pat_" + "Z9" * 20, "token=" + "0f" * 20
    assert all(TOKEN_RE.search(f) for f in fake)


def test_no_token_in_the_repository():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    hits = [hit for name in listed if name for hit in _hits(ROOT / name)]
    assert not hits


def test_no_token_in_the_built_site(site_dir):
    hits = [hit for path in site_dir.rglob("*") if path.is_file() for hit in _hits(path)]
    assert not hits


def test_secret_section_shows_placeholders(site_dir):
    page = (site_dir / "using-a-secret" / "index.html").read_text(encoding="utf-8")
    for name in ("github-user", "github-token"):
        assert f'data-wk-ph="{name}"' in page, f"<{name}> is left for the build or the reader"
