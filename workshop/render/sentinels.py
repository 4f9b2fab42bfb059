"""A Python-Markdown extension: every ``<name>`` placeholder becomes its sentinel (see
workshop.placeholders) after the snippet includes and before the code is highlighted."""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor

from workshop import placeholders

# pymdownx.snippets includes the files at priority 32; fences are highlighted at 25.
PRIORITY = 31.5


class _Sentinels(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return [placeholders.to_sentinels(line) for line in lines]


class SentinelExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(_Sentinels(md), "wk_placeholders", PRIORITY)
