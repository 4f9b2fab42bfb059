#!/usr/bin/env python3
"""Approximate pi with the Leibniz series: pi = 4 * (1 - 1/3 + 1/5 - 1/7 + ...).

The number of terms comes from the environment variable PI_STEPS (default 1000),
so a Job can ask for more precision without changing the code.
"""

import os


def approximate_pi(steps: int) -> float:
    total = 0.0
    for k in range(steps):
        total += (-1) ** k / (2 * k + 1)
    return 4 * total


def main() -> None:
    steps = int(os.environ.get("PI_STEPS", "1000"))
    if steps < 1:
        raise SystemExit("PI_STEPS must be a positive integer")
    print(f"Pi approximation with {steps} steps: {approximate_pi(steps):.10f}")


if __name__ == "__main__":
    main()
