"""Distance metrics between clean and adversarial examples."""
from __future__ import annotations

import numpy as np
from prefect import task


def l_inf_norm(x: np.ndarray, x_adv: np.ndarray) -> np.ndarray:
    return np.max(np.abs(x - x_adv).reshape(len(x), -1), axis=1)


def l_2_norm(x: np.ndarray, x_adv: np.ndarray) -> np.ndarray:
    return np.linalg.norm((x - x_adv).reshape(len(x), -1), axis=1)


DISTANCE_METRICS = {"l_inf_norm": l_inf_norm, "l_2_norm": l_2_norm}


@task
def get_distance_metric_list(request: list[dict]) -> list[tuple]:
    """Resolve ``[{"name": ..., "func": ...}]`` into callables."""
    return [(item["name"], DISTANCE_METRICS[item["func"]]) for item in request]
