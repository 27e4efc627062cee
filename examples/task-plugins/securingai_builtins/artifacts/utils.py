"""Helpers for packaging and unpacking experiment artifacts."""
from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Union

import structlog
from prefect import task

LOGGER = structlog.get_logger()


@task
def extract_tarfile(filepath: Union[str, Path], output_dir: Union[str, Path] = ".") -> Path:
    """Extract a tarball into ``output_dir`` and return that directory."""
    output_dir = Path(output_dir)
    with tarfile.open(filepath, "r:*") as archive:
        for member in archive.getmembers():
            target = (output_dir / member.name).resolve()
            if output_dir.resolve() not in target.parents and target != output_dir.resolve():
                raise ValueError(f"refusing to extract {member.name!r} outside {output_dir}")
        archive.extractall(path=output_dir)
    LOGGER.info("tarfile extracted", filepath=str(filepath), output_dir=str(output_dir))
    return output_dir


@task
def make_directories(dirs: list[Union[str, Path]]) -> None:
    """Create each directory (and its parents) if it does not exist."""
    for d in dirs:
        Path(d).mkdir(parents=True, exist_ok=True)
        LOGGER.info("directory created", dir=str(d))
