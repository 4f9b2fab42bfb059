"""Kubernetes' own rules for names: DNS-1123 labels and subdomains (apimachinery's validation).

The username rule (workshop.username) and the static tier's name checks both stand on these.
"""

from __future__ import annotations

import re

LABEL_MAX = 63  # a label value, and a name that is copied into one
SUBDOMAIN_MAX = 253  # most object names
LABEL_RE = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
SUBDOMAIN_RE = re.compile(rf"{LABEL_RE.pattern}(\.{LABEL_RE.pattern})*")


def is_label(text: str) -> bool:
    """A DNS-1123 label: what a label value, a namespace or a username may be."""
    return len(text) <= LABEL_MAX and LABEL_RE.fullmatch(text) is not None


def is_subdomain(text: str) -> bool:
    """A DNS-1123 subdomain: what a Pod, ConfigMap, Job, ... may be named."""
    return len(text) <= SUBDOMAIN_MAX and SUBDOMAIN_RE.fullmatch(text) is not None
