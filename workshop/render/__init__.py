"""The site's own rendering steps as plain functions of Markdown, HTML and SVG text.

No MkDocs object enters here: the hooks in hooks/ call these, so another builder (ProperDocs
today, whatever replaces MkDocs tomorrow) can drive the same machinery.

- sentinels: the Python-Markdown extension that protects placeholders from the highlighter;
- diagrams: inline SVG diagrams whose labels hold placeholders;
- downloads: a download link on every titled snippet block, and the snippet copies.
"""
