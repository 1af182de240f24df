"""likeness.evaluate_gan with a tiny generator and a tiny stand-in feature network."""

import math
import pathlib

import pytest

import likeness
from pictures import noise_folder

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
MODEL = DATA / "gan" / "tiny_unconditional_32.safetensors"
NETWORK = DATA / "metrics" / "pooled.pt"


@pytest.fixture()
def reals(tmp_path):
    return noise_folder(tmp_path / "reals", 12, 32, seed=1)


def test_fid_and_kid_come_back_with_the_counts(reals):
    both = likeness.evaluate_gan(MODEL, reals, NETWORK, num=10, kid_subset_size=5)
    assert both["num_real"] == 12 and both["num_generated"] == 10
    assert math.isfinite(both["fid"]) and both["fid"] > 0
    assert math.isfinite(both["kid"])
    fid_only = likeness.evaluate_gan(MODEL, reals, NETWORK, num=10, metrics=["fid"])
    assert "kid" not in fid_only and fid_only["fid"] == both["fid"]


def test_bad_requests_are_named(reals, tmp_path):
    with pytest.raises(likeness.InvalidArgumentError, match="fid and/or kid"):
        likeness.evaluate_gan(MODEL, reals, NETWORK, metrics=["is"])
    with pytest.raises(likeness.IOError):
        likeness.evaluate_gan(MODEL, reals, tmp_path / "missing.pt", num=4)
