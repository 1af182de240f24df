"""File names may be str, bytes or os.PathLike, including names that are not UTF-8."""

import os
import pathlib

import numpy as np
import pytest

import likeness
from pictures import noise


class CustomPath:
    """An os.PathLike that is not a pathlib path."""

    def __init__(self, path):
        self.path = path

    def __fspath__(self):
        return self.path


@pytest.mark.parametrize(
    "as_path", [str, pathlib.Path, os.fsencode, lambda p: CustomPath(str(p)),
                lambda p: CustomPath(os.fsencode(p))],
    ids=["str", "Path", "bytes", "PathLike-str", "PathLike-bytes"],
)
def test_every_kind_of_path_saves_and_loads(tmp_path, as_path):
    image = noise(6, 7, 3)
    path = as_path(tmp_path / "image.png")
    likeness.save_image(image, path)
    assert np.array_equal(likeness.load_image(path), image)


def test_a_file_name_that_is_not_utf8_works_as_bytes(tmp_path):
    image = noise(6, 7, 3)
    path = os.fsencode(tmp_path) + b"/caf\xe9.png"
    likeness.save_image(image, path)
    assert os.path.exists(path)
    assert np.array_equal(likeness.load_image(path), image)
    # str paths carry such bytes as surrogate escapes, which os.fsencode turns back.
    assert np.array_equal(likeness.load_image(os.fsdecode(path)), image)


def test_an_error_about_a_non_utf8_name_is_still_readable_text(tmp_path):
    with pytest.raises(likeness.IOError) as caught:
        likeness.load_image(os.fsencode(tmp_path) + b"/caf\xe9.png")
    assert "caf\\xe9.png" in str(caught.value).lower()
