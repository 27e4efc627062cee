"""Summarise a run's metrics as a small Markdown report."""
from __future__ import annotations

from typing import Dict

from prefect import task


@task
def metrics_table(metrics: Dict[str, float]) -> str:
    rows = "\n".join(f"| {k} | {v:.4f} |" for k, v in sorted(metrics.items()))
    return "| metric | value |\n|---|---|\n" + rows + "\n"
