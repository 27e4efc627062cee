"""Image dataset loaders for TensorFlow/Keras experiments."""
from __future__ import annotations

from typing import Optional, Tuple

import structlog
from prefect import task

LOGGER = structlog.get_logger()


@task
def create_image_dataset(
    data_dir: str,
    subset: Optional[str],
    image_size: Tuple[int, int, int],
    seed: int,
    rescale: float = 1.0 / 255,
    validation_split: Optional[float] = None,
    batch_size: int = 32,
    label_mode: str = "categorical",
):
    """Create a Keras directory iterator over ``data_dir``."""
    from tensorflow.keras.preprocessing.image import ImageDataGenerator

    color_mode = "rgb" if image_size[2] == 3 else "grayscale"
    generator = ImageDataGenerator(rescale=rescale, validation_split=validation_split)
    LOGGER.info("creating image dataset", data_dir=data_dir, subset=subset)
    return generator.flow_from_directory(
        directory=data_dir,
        target_size=image_size[:2],
        color_mode=color_mode,
        class_mode=label_mode,
        batch_size=batch_size,
        seed=seed,
        subset=subset,
    )
