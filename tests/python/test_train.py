"""likeness.train_gan on a tiny folder of images with tiny networks."""

import json

import numpy as np
import pytest

import likeness
from pictures import noise_folder

TINY = dict(z_dim=8, w_dim=8, mapping_layers=1, channel_base=64, channel_max=16, batch=4,
            kimg=0.008, tick_kimg=0.004, snapshot_ticks=1, seed=3)


@pytest.fixture()
def folder(tmp_path):
    return noise_folder(tmp_path / "images", 8, 8)


def test_trains_reports_each_tick_and_returns_a_loadable_snapshot(folder, tmp_path):
    ticks = []
    snapshot = likeness.train_gan(folder, tmp_path / "run", 8, progress=ticks.append, **TINY)
    assert [t["kimg"] for t in ticks] == [0.004, 0.008]
    assert all(np.isfinite(t["loss_g"]) and np.isfinite(t["loss_d"]) for t in ticks)
    assert snapshot == ticks[-1]["snapshot"]
    images = likeness.Gan.load(snapshot).generate(seeds=[0, 1])
    assert images.shape == (2, 8, 8, 3) and images.dtype == np.uint8
    log = [json.loads(line) for line in (tmp_path / "run" / "log.jsonl").read_text().splitlines()]
    assert [entry["kimg"] for entry in log] == [0.004, 0.008]


def test_progress_returning_false_stops_with_a_snapshot(folder, tmp_path):
    with pytest.raises(likeness.CancelledError, match="stopped by the progress callback"):
        likeness.train_gan(folder, tmp_path / "run", 8, progress=lambda tick: False, **TINY)
    assert list((tmp_path / "run").glob("network-snapshot-*.safetensors"))


def test_resume_continues_from_the_state(folder, tmp_path):
    likeness.train_gan(folder, tmp_path / "run", 8, **TINY)
    options = dict(TINY, kimg=0.012, resume=tmp_path / "run" / "training-state.safetensors")
    ticks = []
    likeness.train_gan(folder, tmp_path / "run", 8, progress=ticks.append, **options)
    assert [t["kimg"] for t in ticks] == [0.012]


def test_bad_options_are_named(folder, tmp_path):
    with pytest.raises(likeness.InvalidArgumentError, match="unknown training option colour"):
        likeness.train_gan(folder, tmp_path / "run", 8, colour=1, **TINY)
    with pytest.raises(likeness.InvalidArgumentError, match="power of two"):
        likeness.train_gan(folder, tmp_path / "run", 12, **TINY)
    with pytest.raises(likeness.InvalidArgumentError, match="augment mode"):
        likeness.train_gan(folder, tmp_path / "run", 8, augment="sometimes", **TINY)
    (tmp_path / "empty").mkdir()
    with pytest.raises(likeness.InvalidArgumentError, match="empty"):
        likeness.train_gan(tmp_path / "empty", tmp_path / "run", 8, **TINY)
