"""Channel counts: what decoding keeps or converts to, and the values conversion computes."""

import numpy as np
import pytest

import likeness
from pictures import noise


def rec709_luma(rgb):
    """Y = (54 R + 183 G + 19 B + 128) >> 8: Rec. 709 weights in 8-bit fixed point."""
    r, g, b = (rgb[..., k].astype(np.uint32) for k in range(3))
    return ((54 * r + 183 * g + 19 * b + 128) >> 8).astype(np.uint8)


@pytest.mark.parametrize("stored", [1, 2, 3, 4])
def test_decode_keeps_the_stored_channel_count_by_default(stored):
    image = noise(9, 11, stored)
    decoded = likeness.decode_image(likeness.encode_image(image, "png"))
    assert decoded.shape == (9, 11, stored)
    assert decoded.dtype == np.uint8


@pytest.mark.parametrize("stored", [1, 2, 3, 4])
@pytest.mark.parametrize("wanted", [1, 2, 3, 4])
def test_decode_to_a_channel_count_has_that_many_channels(stored, wanted):
    data = likeness.encode_image(noise(9, 11, stored), "png")
    assert likeness.decode_image(data, channels=wanted).shape == (9, 11, wanted)


def test_rgb_to_gray_is_rec709_luma():
    rgb = noise(16, 16, 3)
    # Primaries and extremes as well as noise.
    rgb[0, :6] = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255], [0, 0, 0], [1, 1, 1]]
    gray = likeness.convert_image(rgb, 1)
    assert gray.shape == (16, 16, 1)
    assert np.array_equal(gray[..., 0], rec709_luma(rgb))
    assert list(gray[0, :6, 0]) == [54, 182, 19, 255, 0, 1]


def test_rgba_to_gray_alpha_keeps_alpha_and_takes_luma():
    rgba = noise(8, 8, 4)
    gray_alpha = likeness.convert_image(rgba, 2)
    assert np.array_equal(gray_alpha[..., 0], rec709_luma(rgba))
    assert np.array_equal(gray_alpha[..., 1], rgba[..., 3])


def test_gray_to_rgb_replicates_and_added_alpha_is_opaque():
    gray = noise(8, 8, 1)
    rgba = likeness.convert_image(gray, 4)
    assert np.array_equal(rgba[..., :3], np.repeat(gray, 3, axis=2))
    assert (rgba[..., 3] == 255).all()


def test_dropping_alpha_discards_it_without_compositing():
    rgba = noise(8, 8, 4)
    rgba[..., 3] = 0
    assert np.array_equal(likeness.convert_image(rgba, 3), rgba[..., :3])


def test_a_two_dimensional_array_is_gray():
    gray = noise(8, 8, 1)
    assert np.array_equal(likeness.convert_image(gray[..., 0], 3),
                          likeness.convert_image(gray, 3))
    assert np.array_equal(likeness.decode_image(likeness.encode_image(gray[..., 0], "png")), gray)


def test_loading_with_channels_converts_like_convert_image(tmp_path):
    rgb = noise(8, 8, 3)
    likeness.save_image(rgb, tmp_path / "rgb.png")
    assert np.array_equal(likeness.load_image(tmp_path / "rgb.png", channels=1),
                          likeness.convert_image(rgb, 1))
