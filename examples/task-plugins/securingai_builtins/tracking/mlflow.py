"""Log parameters, metrics and tags to the active MLflow run."""
from __future__ import annotations

from typing import Any, Dict

import mlflow
import structlog
from prefect import task

LOGGER = structlog.get_logger()


@task
def log_parameters(parameters: Dict[str, Any]) -> None:
    mlflow.log_params(parameters)
    LOGGER.info("parameters logged", count=len(parameters))


@task
def log_metrics(metrics: Dict[str, float]) -> None:
    mlflow.log_metrics(metrics)
    LOGGER.info("metrics logged", count=len(metrics))
