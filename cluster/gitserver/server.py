#!/usr/bin/env python3
"""Local stand-in for the two GitHub repositories the tutorial clones.

Serves bare repositories over git's "dumb" HTTP protocol (plain files), which
`git clone` and `git clone --single-branch` understand. The stand-in images
rewrite GitHub URLs to this server with git's `insteadOf`:

    https://github.com/ORG/REPO.git        -> http://HOST/git/github.com/ORG/REPO.git
    https://USER:TOKEN@github.com/ORG/REPO -> http://HOST/git/USER:TOKEN@github.com/ORG/REPO

so credentials arrive either as that path prefix or as HTTP Basic auth. A
repository listed as private is refused (401, like GitHub) unless they match
the run's generated credentials.

Usage: server.py --listen ADDR:PORT [--listen ...] --root DIR --credentials FILE --private NAME
"""

from __future__ import annotations

import argparse
import base64
import hmac
import http.server
import re
import sys
import threading
from pathlib import Path
from urllib.parse import unquote

PATH_RE = re.compile(
    r"^/git/(?:(?P<cred>[^/@]+)@)?github\.com/(?P<org>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?(?P<rest>/.*)?$"
)


def read_env(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "workshop-git/1"
    root: Path
    private: set[str]
    credentials: tuple[str, str]

    def log_message(self, fmt, *args):  # keep tokens out of the log
        sys.stderr.write(f"gitserver: {self.address_string()} {re.sub(r'/git/[^/@]+@', '/git/***@', fmt % args)}\n")

    def _authorized(self, cred: str | None) -> bool:
        user, token = self.credentials
        supplied = None
        if cred:
            supplied = unquote(cred).split(":", 1)
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            try:
                supplied = base64.b64decode(auth[6:]).decode().split(":", 1)
            except ValueError:
                return False
        if not supplied or len(supplied) != 2:
            return False
        return hmac.compare_digest(supplied[0], user) and hmac.compare_digest(supplied[1], token)

    def do_HEAD(self):
        self.do_GET(body=False)

    def do_GET(self, body: bool = True):
        m = PATH_RE.match(self.path.split("?", 1)[0])
        if not m:
            return self.send_error(404, "Not Found")
        repo_dir = self.root / m["org"] / (m["repo"] + ".git")
        if not repo_dir.is_dir():
            return self.send_error(404, "Repository not found")
        if m["repo"] in self.private and not self._authorized(m["cred"]):
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="GitHub"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        rel = (m["rest"] or "/").lstrip("/")
        target = (repo_dir / rel).resolve()
        if repo_dir.resolve() not in target.parents or not target.is_file():
            return self.send_error(404, "Not Found")
        data = target.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listen", action="append", required=True, help="ADDR:PORT (repeatable)")
    ap.add_argument("--root", type=Path, required=True)
    ap.add_argument("--credentials", type=Path, required=True, help="file with GIT_USER= and GIT_TOKEN= lines")
    ap.add_argument("--private", action="append", default=[], help="repository name that needs the credentials")
    args = ap.parse_args()
    env = read_env(args.credentials)
    Handler.root, Handler.private = args.root, set(args.private)
    Handler.credentials = (env["GIT_USER"], env["GIT_TOKEN"])
    servers = []
    for listen in args.listen:
        host, port = listen.rsplit(":", 1)
        servers.append(http.server.ThreadingHTTPServer((host, int(port)), Handler))
    for srv in servers[1:]:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    # The addresses as bound (port 0 in --listen means a free port, chosen by the kernel), so a
    # caller learns the port from this line instead of picking one and hoping it stays free.
    bound = [f"{srv.server_address[0]}:{srv.server_address[1]}" for srv in servers]
    print("gitserver: listening on", ", ".join(bound), flush=True)
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
