"""Zero copy: arrays out are views of the SDK's image, arrays in are lent to it as they are."""

import gc
import tracemalloc

import numpy as np
import pytest

import likeness
from likeness import _likeness
from pictures import noise


def owner_of(array):
    """The object at the end of the array's base chain."""
    owner = array
    while isinstance(owner, (np.ndarray, memoryview)):
        owner = owner.base if isinstance(owner, np.ndarray) else owner.obj
    return owner


@pytest.fixture
def png_file(tmp_path):
    image = noise(48, 64, 3)
    likeness.save_image(image, tmp_path / "image.png")
    return tmp_path / "image.png", image


def test_a_loaded_array_is_a_view_of_the_sdk_image(png_file):
    path, _ = png_file
    array = likeness.load_image(path)
    owner = owner_of(array)
    assert isinstance(owner, _likeness.Image)
    assert np.shares_memory(array, np.asarray(owner))


def test_the_array_is_writable_and_writes_reach_the_image(png_file):
    path, _ = png_file
    array = likeness.load_image(path)
    array[0, 0] = (1, 2, 3)
    assert tuple(np.asarray(owner_of(array))[0, 0]) == (1, 2, 3)


def test_the_array_outlives_every_other_reference_to_the_image(png_file):
    path, image = png_file
    array = likeness.load_image(path)
    gc.collect()
    # Fresh images of the same size would reuse the memory if the first had been freed.
    others = [likeness.convert_image(np.zeros_like(image), 3) for _ in range(8)]
    assert all((other == 0).all() for other in others)
    assert np.array_equal(array, image)
    assert np.array_equal(array[10:20, 5:9].copy(), image[10:20, 5:9])


def peak_traced_bytes(call):
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_interleaved_input_is_lent_without_a_copy():
    # numpy reports its allocations to tracemalloc, so a copy of the input would show as a
    # peak the size of the input; the SDK's own output is allocated outside Python's view.
    image = noise(2048, 2048, 4)
    gray = image.reshape(2048, 8192)
    for lent in (image, image[:, 16:], gray, gray[8:, :-8]):
        assert peak_traced_bytes(lambda: likeness.convert_image(lent, 1)) < lent.nbytes // 16
    for copied in (image[..., ::-1], image[..., 0]):
        assert peak_traced_bytes(lambda: likeness.convert_image(copied, 1)) >= copied.nbytes
