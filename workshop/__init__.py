"""Shared code of the tutorial site, its handouts and its test harness."""
