"""Load registered models from the MLflow model registry."""
from __future__ import annotations

import mlflow
import structlog
from prefect import task

LOGGER = structlog.get_logger()


@task
def load_tensorflow_keras_classifier(name: str, version: int):
    uri = f"models:/{name}/{version}"
    LOGGER.info("loading registered model", model_uri=uri)
    return mlflow.keras.load_model(model_uri=uri)
