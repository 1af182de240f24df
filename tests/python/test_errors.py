"""Failures arrive as likeness.Error subclasses that builtin handlers also catch."""

import numpy as np
import pytest

import likeness
from likeness import errors
from pictures import noise

BUILTIN_BASES = {
    likeness.InvalidArgumentError: ValueError,
    likeness.IOError: OSError,
    likeness.FormatError: ValueError,
    likeness.UnsupportedError: RuntimeError,
    likeness.OutOfMemoryError: MemoryError,
    likeness.InternalError: RuntimeError,
}


def test_each_error_class_is_an_error_and_its_builtin_with_its_own_status():
    classes = [likeness.CancelledError, *BUILTIN_BASES]
    assert len({cls.status for cls in classes}) == len(classes)
    for cls in classes:
        assert issubclass(cls, likeness.Error)
        assert cls.status.startswith("LK_ERR_")
    for cls, builtin in BUILTIN_BASES.items():
        assert issubclass(cls, builtin)


def test_a_status_this_package_does_not_know_still_becomes_an_error():
    error = errors._from_status("LK_ERR_SOMETHING_NEW", "text")
    assert type(error) is likeness.Error
    assert error.status == "LK_ERR_SOMETHING_NEW"
    assert str(error) == "text"


def test_a_missing_file_is_an_oserror_naming_the_path(tmp_path):
    path = tmp_path / "absent.png"
    with pytest.raises(OSError) as caught:
        likeness.load_image(path)
    assert isinstance(caught.value, likeness.IOError)
    assert caught.value.status == "LK_ERR_IO"
    assert str(path) in str(caught.value)


def test_saving_into_a_missing_folder_is_an_io_error(tmp_path):
    with pytest.raises(likeness.IOError, match="absent"):
        likeness.save_image(noise(4, 4, 3), tmp_path / "absent" / "out.png")


@pytest.mark.parametrize(
    "data", [b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, b""]
)
def test_bytes_that_are_no_image_are_a_format_error(data):
    with pytest.raises(likeness.FormatError) as caught:
        likeness.decode_image(data)
    assert caught.value.status == "LK_ERR_FORMAT"
    assert isinstance(caught.value, ValueError)


def test_a_truncated_file_is_a_format_error(tmp_path):
    data = likeness.encode_image(noise(64, 64, 3), "png")
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    with pytest.raises(likeness.FormatError, match="cut.png"):
        likeness.load_image(tmp_path / "cut.png")


@pytest.mark.parametrize(
    "call",
    [
        lambda png: likeness.decode_image(png, channels=7),
        lambda png: likeness.decode_image(png, channels=-1),
        lambda png: likeness.convert_image(noise(4, 4, 3), 7),
        lambda png: likeness.convert_image(noise(4, 4, 3), 0),
        lambda png: likeness.resize_image(noise(4, 4, 3), 0, 4),
        lambda png: likeness.resize_image(noise(4, 4, 3), -5, 4),
        lambda png: likeness.resize_image(noise(4, 4, 3), 40000, 4),
        lambda png: likeness.encode_image(noise(4, 4, 3), "jpeg", quality=0),
        lambda png: likeness.encode_image(noise(4, 4, 3), "jpeg", quality=101),
        lambda png: likeness.convert_image(noise(4, 4, 5), 3),
        lambda png: likeness.convert_image(np.zeros((0, 4, 3), np.uint8), 3),
    ],
)
def test_out_of_range_numbers_are_invalid_arguments(call):
    png = likeness.encode_image(noise(4, 4, 3), "png")
    with pytest.raises(likeness.InvalidArgumentError) as caught:
        call(png)
    assert caught.value.status == "LK_ERR_INVALID_ARGUMENT"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "array",
    [
        np.zeros((4, 4, 3), np.float32),
        np.zeros((4, 4, 3), np.uint16),
        np.zeros((4, 4, 3), bool),
        np.zeros((2, 4, 4, 3), np.uint8),
        np.zeros(12, np.uint8),
    ],
    ids=["float32", "uint16", "bool", "4-D", "1-D"],
)
def test_arrays_that_are_not_uint8_images_are_invalid_arguments(array):
    with pytest.raises(likeness.InvalidArgumentError,
                       match=r"expected a uint8 array of shape \(H, W\) or \(H, W, C\)"):
        likeness.resize_image(array, 2, 2)


@pytest.mark.parametrize(
    "call, choices",
    [
        (lambda: likeness.resize_image(noise(4, 4, 3), 2, 2, filter="lanczos"), "'mitchell'"),
        (lambda: likeness.encode_image(noise(4, 4, 3), "gif"), "'png', 'jpeg'"),
        (lambda: likeness.Context(log_level="loud"), "'none'"),
    ],
)
def test_unknown_names_are_invalid_arguments_listing_the_choices(call, choices):
    with pytest.raises(likeness.InvalidArgumentError, match=choices):
        call()


def test_an_extension_that_names_no_format_is_an_invalid_argument(tmp_path):
    with pytest.raises(likeness.InvalidArgumentError, match=r"\.png"):
        likeness.save_image(noise(4, 4, 3), tmp_path / "out.gif")
    assert not (tmp_path / "out.gif").exists()


def test_a_path_with_a_nul_byte_is_refused_rather_than_cut_short(tmp_path):
    likeness.save_image(noise(4, 4, 3), tmp_path / "a.png")
    with pytest.raises(likeness.InvalidArgumentError, match="NUL"):
        likeness.load_image(str(tmp_path / "a.png") + "\0ignored")


def test_wrong_python_types_are_type_errors():
    with pytest.raises(TypeError):
        likeness.decode_image("a string is not bytes")
    with pytest.raises(TypeError):
        likeness.load_image(42)
    with pytest.raises(TypeError):
        likeness.Context(log="not callable")
