"""Upload and download artifacts through the MLflow tracking server."""
from __future__ import annotations

from pathlib import Path

import mlflow
import structlog
from prefect import task

LOGGER = structlog.get_logger()


@task
def upload_directory_as_tarball_artifact(source_dir: str, tarball_filename: str) -> None:
    """Pack ``source_dir`` into a gzipped tarball and log it to the active run."""
    import tarfile
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        tarball = Path(tmp) / tarball_filename
        with tarfile.open(tarball, "w:gz") as archive:
            archive.add(source_dir, arcname=Path(source_dir).name)
        mlflow.log_artifact(str(tarball))
    LOGGER.info("artifact uploaded", tarball=tarball_filename)


@task
def download_all_artifacts_in_run(run_id: str, artifact_path: str, destination_path: str = ".") -> str:
    """Download ``artifact_path`` of run ``run_id`` and return the local path."""
    client = mlflow.tracking.MlflowClient()
    local = client.download_artifacts(run_id=run_id, path=artifact_path, dst_path=destination_path)
    LOGGER.info("artifacts downloaded", run_id=run_id, artifact_path=artifact_path)
    return local
