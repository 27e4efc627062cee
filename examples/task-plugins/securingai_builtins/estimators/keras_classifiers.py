"""Reference Keras classifiers used by the Testbed examples."""
from __future__ import annotations

from typing import Tuple

from prefect import task


@task
def init_classifier(model_architecture: str, optimizer, metrics, input_shape: Tuple[int, int, int], n_classes: int, loss: str = "categorical_crossentropy"):
    """Build and compile one of the registered architectures."""
    builders = {"shallow_net": shallow_net, "le_net": le_net}
    try:
        builder = builders[model_architecture]
    except KeyError:
        raise ValueError(f"unknown architecture {model_architecture!r}; choose one of {sorted(builders)}")
    model = builder(input_shape=input_shape, n_classes=n_classes)
    model.compile(loss=loss, optimizer=optimizer, metrics=metrics)
    return model


def shallow_net(input_shape: Tuple[int, int, int], n_classes: int):
    from tensorflow.keras.layers import Dense, Flatten
    from tensorflow.keras.models import Sequential

    return Sequential([Flatten(input_shape=input_shape), Dense(n_classes, activation="softmax")])


def le_net(input_shape: Tuple[int, int, int], n_classes: int):
    from tensorflow.keras.layers import AveragePooling2D, Conv2D, Dense, Flatten
    from tensorflow.keras.models import Sequential

    return Sequential(
        [
            Conv2D(6, kernel_size=5, activation="tanh", input_shape=input_shape),
            AveragePooling2D(),
            Conv2D(16, kernel_size=5, activation="tanh"),
            AveragePooling2D(),
            Flatten(),
            Dense(120, activation="tanh"),
            Dense(84, activation="tanh"),
            Dense(n_classes, activation="softmax"),
        ]
    )
