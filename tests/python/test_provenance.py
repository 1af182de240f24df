"""Provenance from Python: the watermark on numpy pixels, files that say they are synthetic,
checked with independent tools (Pillow's codecs and XMP reader, hashlib), and bad input."""

import hashlib
import io
import os
import pathlib

import numpy as np
import pytest
from PIL import Image, ImageEnhance

import likeness
from pictures import noise, psnr, smooth

MODEL = pathlib.Path(__file__).resolve().parents[1] / "data" / "gan" / "tiny_unconditional_32.safetensors"
TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def photo(height=256, width=256, seed=0):
    """Shading with grain: the luma statistics of a photograph, roughly."""
    grain = noise(height, width, 3, seed).astype(np.int16) // 8 - 16
    return np.clip(smooth(height, width, 3).astype(np.int16) // 2 + 60 + grain, 0, 255).astype(np.uint8)


def pillow_roundtrip(image, **save):
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, **save)
    return np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))


@pytest.fixture(scope="module")
def marked():
    return likeness.embed_watermark(photo(), 0xC0FFEE42)


def test_the_watermark_is_found_with_its_payload_and_a_p_value(marked):
    found = likeness.detect_watermark(marked)
    assert found.found and found.payload == 0xC0FFEE42
    assert found.p_value <= likeness.WATERMARK_THRESHOLD
    assert found.grid == (0, 0)
    assert psnr(marked, photo()) >= 40


@pytest.mark.parametrize("quality", [90, 75, 50])
def test_the_watermark_survives_pillows_jpeg(marked, quality):
    found = likeness.detect_watermark(pillow_roundtrip(marked, format="JPEG", quality=quality))
    assert found.found and found.payload == 0xC0FFEE42, (found.p_value, found.matched_bits)


@pytest.mark.parametrize("factor", [0.8, 1.2])
def test_the_watermark_survives_pillows_brightness(marked, factor):
    brighter = np.asarray(ImageEnhance.Brightness(Image.fromarray(marked)).enhance(factor))
    found = likeness.detect_watermark(brighter)
    assert found.found and found.payload == 0xC0FFEE42


def test_a_crop_off_the_grid_is_resynchronised():
    marked = likeness.embed_watermark(photo(300, 320, 1), 77)
    found = likeness.detect_watermark(marked[23:, 37:])
    assert found.found and found.payload == 77
    assert found.grid == (192 - 37, 192 - 23)


def test_another_key_or_an_unmarked_image_finds_nothing(marked):
    assert not likeness.detect_watermark(marked, key=1234).found
    unmarked = likeness.detect_watermark(photo(seed=5))
    assert not unmarked.found and unmarked.p_value > 1e-3


def test_too_small_an_image_is_refused_by_name():
    with pytest.raises(likeness.InvalidArgumentError, match="100x300.*192x192"):
        likeness.embed_watermark(photo(300, 100), 1)


def test_generated_images_saved_with_the_generators_provenance_say_so(tmp_path):
    gan = likeness.Gan.load(MODEL)
    image = gan.generate(seeds=[3])[0]
    path = tmp_path / "face.png"
    likeness.save_image(image, path, provenance=gan.provenance(seed=3))
    digest = hashlib.sha256(MODEL.read_bytes()).hexdigest()

    report = likeness.inspect_provenance(path)
    assert report.source_type == likeness.SourceType.TRAINED_ALGORITHMIC
    assert report.digital_source_type == TRAINED
    assert report.model_name == MODEL.stem
    assert report.model_hash == "sha256:" + digest
    assert report.seed == 3
    assert report.software.startswith("Likeness ")
    assert (report.width, report.height) == (32, 32)
    # Pillow's own reader finds the same packet.
    with Image.open(path) as pillow:
        xmp = pillow.info["xmp"]
    assert TRAINED in (xmp.decode() if isinstance(xmp, bytes) else xmp)


def test_encoded_bytes_carry_both_marks_when_large_enough(tmp_path):
    provenance = likeness.Provenance()
    provenance.payload = 0xFEED
    data = likeness.encode_image(photo(), "jpeg", quality=80, provenance=provenance)
    report = likeness.inspect_provenance(data)
    assert report.has_metadata and report.stated_payload == 0xFEED
    assert report.watermark.found and report.watermark.payload == 0xFEED


def test_mark_file_keeps_exif_written_by_pillow(tmp_path):
    source = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x013B] = "Ann"  # Artist
    Image.fromarray(photo()).save(source, quality=92, exif=exif)
    provenance = likeness.Provenance()
    provenance.source_type = likeness.SourceType.COMPOSITE_TRAINED
    provenance.payload = 5
    likeness.mark_file(source, tmp_path / "marked.jpg", provenance)

    with Image.open(tmp_path / "marked.jpg") as result:
        assert result.getexif()[0x013B] == "Ann"
    report = likeness.inspect_provenance(tmp_path / "marked.jpg")
    assert report.source_type == likeness.SourceType.COMPOSITE_TRAINED
    assert report.watermark.found and report.watermark.payload == 5


def test_an_unmarked_file_says_nothing(tmp_path):
    likeness.save_image(photo(), tmp_path / "plain.png")
    report = likeness.inspect_provenance(tmp_path / "plain.png")
    assert not report.has_metadata
    assert report.source_type == likeness.SourceType.UNSTATED
    assert not report.watermark.found


def test_bytes_that_are_no_image_are_a_format_error():
    with pytest.raises(likeness.FormatError):
        likeness.inspect_provenance(b"not an image at all")


@pytest.fixture(scope="module")
def model_256():
    """A 256x256 generator written by the gan.write_tiny_generator_256 test fixture."""
    path = os.environ.get("LIKENESS_TINY_GENERATOR_256")
    if not path or not os.path.exists(path):
        pytest.fail("LIKENESS_TINY_GENERATOR_256 names no file; run through ctest, which writes it")
    return path


def test_generated_images_carry_the_generators_watermark_unless_told_not_to(model_256):
    gan = likeness.Gan.load(model_256)
    assert gan.watermark
    image = gan.generate(seeds=[4])[0]
    found = likeness.detect_watermark(image)
    assert found.found and found.payload == gan.provenance().payload
    plain = likeness.Gan.load(model_256, watermark=False).generate(seeds=[4])[0]
    assert not likeness.detect_watermark(plain).found
    floats = [likeness.Gan.load(model_256, watermark=w).generate(seeds=[4], output="float")
              for w in (True, False)]
    np.testing.assert_array_equal(floats[0], floats[1])


def test_saving_a_generated_image_does_not_mark_it_twice(model_256, tmp_path):
    gan = likeness.Gan.load(model_256)
    image = gan.generate(seeds=[8])[0]
    likeness.save_image(image, tmp_path / "face.png", provenance=gan.provenance(seed=8))
    np.testing.assert_array_equal(likeness.load_image(tmp_path / "face.png"), image)
    report = likeness.inspect_provenance(tmp_path / "face.png")
    assert report.watermark.found and report.stated_payload == report.watermark.payload
