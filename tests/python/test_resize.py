"""Resizing: sizes, agreement with an independent resampler, and input memory layouts."""

import numpy as np
import pytest
from PIL import Image

import likeness
from pictures import noise, smooth

FILTERS = ["default", "box", "triangle", "cubic_bspline", "catmull_rom", "mitchell"]


@pytest.mark.parametrize("filter", FILTERS)
def test_output_has_the_requested_size(filter):
    image = noise(30, 40, 3)
    assert likeness.resize_image(image, 17, 61, filter=filter).shape == (61, 17, 3)


@pytest.mark.parametrize("size", [(64, 48), (100, 70), (256, 192), (333, 101)])
def test_catmull_rom_matches_pillow_bicubic_on_a_smooth_image(size):
    # Pillow's BICUBIC is the same Catmull-Rom kernel (a = -0.5), widened when shrinking as
    # ours is. It computes in fixed point, we in floating point, so a sample may round to the
    # neighbouring level: at most 1 apart, and most samples equal.
    image = smooth(96, 128, 3)
    ours = likeness.resize_image(image, *size, filter="catmull_rom", linear_light=False)
    pillow = np.asarray(Image.fromarray(image).resize(size, Image.BICUBIC))
    difference = np.abs(ours.astype(int) - pillow)
    assert difference.max() <= 1
    assert difference.mean() < 0.5


@pytest.mark.parametrize("filter", FILTERS)
@pytest.mark.parametrize("linear_light", [True, False])
def test_a_constant_image_stays_constant(filter, linear_light):
    image = np.full((25, 35, 4), (12, 200, 77, 255), np.uint8)
    resized = likeness.resize_image(image, 71, 9, filter, linear_light)
    assert (resized == image[0, 0]).all()


def test_linear_light_keeps_the_brightness_of_fine_texture():
    # Alternating black and white columns average to 50% of the light, which is sRGB 188;
    # averaging the stored values gives 128, visibly darker.
    stripes = np.zeros((8, 64, 1), np.uint8)
    stripes[:, ::2] = 255
    linear = likeness.resize_image(stripes, 1, 1, "box", linear_light=True)
    stored = likeness.resize_image(stripes, 1, 1, "box", linear_light=False)
    assert abs(int(linear[0, 0, 0]) - 188) <= 1
    assert abs(int(stored[0, 0, 0]) - 128) <= 1


def test_a_crop_with_a_longer_row_stride_resizes_like_its_contiguous_copy():
    whole = smooth(80, 120, 3)
    crop = whole[10:60, 20:90]
    assert not crop.flags.c_contiguous
    assert np.array_equal(likeness.resize_image(crop, 33, 21),
                          likeness.resize_image(crop.copy(), 33, 21))


@pytest.mark.parametrize(
    "view",
    [
        lambda a: a.transpose(1, 0, 2),  # pixel stride is a row
        lambda a: a[::-1],               # negative row stride
        lambda a: a[:, ::2],             # pixel stride twice the channels
        lambda a: a[..., ::-1],          # negative channel stride
        lambda a: a[..., :2],            # pixel stride larger than the channels kept
        lambda a: np.asfortranarray(a),
    ],
)
def test_non_interleaved_layouts_are_copied_and_give_the_same_result(view):
    array = view(smooth(40, 50, 3))
    assert np.array_equal(likeness.resize_image(array, 20, 10),
                          likeness.resize_image(np.ascontiguousarray(array), 20, 10))


def test_alpha_keeps_transparent_colour_from_bleeding():
    # Opaque red beside fully transparent green: the green must not tint the result.
    image = np.zeros((4, 8, 4), np.uint8)
    image[:, :4] = (255, 0, 0, 255)
    image[:, 4:] = (0, 255, 0, 0)
    resized = likeness.resize_image(image, 16, 4, "triangle")
    visible = resized[..., 3] > 0
    assert (resized[visible][:, 1] == 0).all()
