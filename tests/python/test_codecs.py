"""Our codecs against an independent one (Pillow), in both directions."""

import io

import numpy as np
import pytest
from PIL import Image

import likeness
from pictures import PIL_MODES, for_pillow, noise, psnr, smooth


def pillow_bytes(image, format, **options):
    buffer = io.BytesIO()
    Image.fromarray(for_pillow(image)).save(buffer, format, **options)
    return buffer.getvalue()


def pillow_decode(data):
    return np.asarray(Image.open(io.BytesIO(data)))


@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_our_png_decodes_in_pillow_to_the_same_pixels(channels):
    image = noise(37, 53, channels)
    with Image.open(io.BytesIO(likeness.encode_image(image, "png"))) as decoded:
        assert decoded.mode == PIL_MODES[channels]
        assert np.array_equal(np.asarray(decoded), for_pillow(image))


@pytest.mark.parametrize(
    "format, channels",
    [("PNG", 1), ("PNG", 2), ("PNG", 3), ("PNG", 4), ("BMP", 3), ("TGA", 1), ("TGA", 3),
     ("TGA", 4)],
)
def test_lossless_files_from_pillow_decode_to_the_same_pixels(format, channels):
    image = noise(29, 41, channels)
    decoded = likeness.decode_image(pillow_bytes(image, format))
    assert decoded.shape == image.shape
    assert np.array_equal(decoded, image)


@pytest.mark.parametrize("subsampling", ["4:4:4", "4:2:0"])
def test_pillow_jpeg_decodes_like_pillows_own_decoder(subsampling):
    # Both decoders implement the same baseline JPEG, but with their own integer IDCT rounding
    # (up to 1 level per sample) and, for 4:2:0, their own rounding of the triangular chroma
    # upsampling (1 to 2 levels more). On a smooth image those differences stay small and
    # rare: a mean under half a level and nothing beyond 4. A wrong colour transform, a swapped
    # channel or a shifted block would cost tens of levels.
    image = smooth(96, 128, 3)
    data = pillow_bytes(image, "JPEG", quality=90, subsampling=subsampling)
    difference = np.abs(likeness.decode_image(data).astype(int) - pillow_decode(data))
    assert difference.mean() < 0.5
    assert difference.max() <= 4


def test_our_jpeg_at_quality_90_decodes_in_pillow_close_to_the_source():
    image = smooth(96, 128, 3)
    assert psnr(pillow_decode(likeness.encode_image(image, "jpeg", quality=90)), image) > 38


def test_jpeg_quality_trades_size_for_fidelity():
    image = smooth(96, 128, 3)
    low, high = (likeness.encode_image(image, "jpeg", quality=q) for q in (30, 95))
    assert len(low) < len(high)
    assert psnr(pillow_decode(low), image) < psnr(pillow_decode(high), image)


def test_jpeg_ignores_alpha():
    rgba = noise(32, 32, 4)
    rgba_jpeg = likeness.encode_image(rgba, "jpeg")
    assert rgba_jpeg == likeness.encode_image(np.ascontiguousarray(rgba[..., :3]), "jpeg")
    assert likeness.decode_image(rgba_jpeg).shape == (32, 32, 3)


def test_save_writes_what_encode_returns_in_the_format_the_extension_names(tmp_path):
    image = noise(16, 24, 3)
    for name, format in [("a.png", "png"), ("b.JPG", "jpeg"), ("c.jpeg", "jpeg")]:
        likeness.save_image(image, tmp_path / name, quality=80)
        assert (tmp_path / name).read_bytes() == likeness.encode_image(image, format, 80)


def test_explicit_format_overrides_the_extension(tmp_path):
    image = noise(16, 24, 3)
    likeness.save_image(image, tmp_path / "picture.data", format="png")
    with Image.open(tmp_path / "picture.data") as decoded:
        assert decoded.format == "PNG"


def test_decode_reads_any_contiguous_bytes_object():
    image = noise(8, 8, 3)
    data = likeness.encode_image(image, "png")
    for source in (data, bytearray(data), memoryview(data), np.frombuffer(data, np.uint8)):
        assert np.array_equal(likeness.decode_image(source), image)


def test_load_reads_the_file_that_save_wrote(tmp_path):
    image = noise(20, 30, 4)
    likeness.save_image(image, tmp_path / "round.png")
    assert np.array_equal(likeness.load_image(tmp_path / "round.png"), image)
