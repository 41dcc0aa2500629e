"""The parse's rounding of confidences (nlu.model.round4) is round(p, 4) for every float32
probability: ties of four places, their neighbours, random, tiny and edge values."""

from __future__ import annotations

import numpy as np

from nlu.model import round4


def float32_values() -> list[float]:
    rng = np.random.default_rng(29)
    ties = (np.arange(20001, dtype=np.float64) / 20000).astype(np.float32)  # k * 0.00005
    near = [ties, np.nextafter(ties, np.float32(0)), np.nextafter(ties, np.float32(2))]
    tiny = np.float32(1e-38) * rng.random(1000, dtype=np.float32)
    return np.concatenate([*near, tiny, rng.random(100_000, dtype=np.float32),
                           np.array([0, 1], dtype=np.float32)]).tolist()


def test_round4_is_round_to_four_places_for_float32() -> None:
    assert [round4(p) for p in float32_values()] == [round(p, 4) for p in float32_values()]


def test_round4_is_not_for_doubles() -> None:
    # 0.00005 as a double is not a float32: its product with 10000 rounds onto the tie
    assert round4(0.00005) != round(0.00005, 4)
