"""Seeded random number generation, so runs can be reproduced."""
from __future__ import annotations

from typing import Tuple

import numpy as np
from prefect import task


@task
def init_rng(seed: int = -1) -> Tuple[int, np.random.Generator]:
    """Return ``(seed, rng)``; a negative seed draws a fresh one."""
    if seed < 0:
        seed = int(np.random.SeedSequence().entropy % (2**31))
    return seed, np.random.default_rng(seed)


@task
def draw_random_integer(rng: np.random.Generator, low: int = 0, high: int = 2**31 - 1) -> int:
    return int(rng.integers(low=low, high=high))
