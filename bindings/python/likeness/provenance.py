"""Images that say they are synthetic: XMP metadata, an invisible watermark, and the inspector.

Two marks, because each fails where the other holds. The metadata (IPTC digital source type,
software, model, opt-in seed and prompt) is what platforms and exiftool read, but any re-save can
strip it. The watermark is a keyed 32-bit payload in the pixels that survives JPEG, resizing,
crops and brightness changes at PSNR >= 40 dB; it needs at least WATERMARK_MIN_SIDE pixels each
way, and a detection reports a p-value (found means p <= WATERMARK_THRESHOLD).

    likeness.save_image(img, "face.png", provenance=gan.provenance())   # both marks
    report = likeness.inspect_provenance("face.png")
    report.digital_source_type, report.watermark.found, report.watermark.payload
"""

import os

import numpy as np

from . import _likeness
from ._likeness import (
    DEFAULT_WATERMARK_KEY,
    WATERMARK_MIN_SIDE,
    WATERMARK_THRESHOLD,
    Provenance,
    ProvenanceReport,
    SourceType,
    WatermarkResult,
)


def embed_watermark(image, payload, key=DEFAULT_WATERMARK_KEY):
    """A watermarked copy of `image` (uint8 (H, W) or (H, W, C), each side >= 192).

    payload: 32-bit int carried by the mark. Alpha is left untouched.
    """
    from . import _pixels

    return np.asarray(_likeness.embed_watermark(_pixels(image), payload, key))


def detect_watermark(image, key=DEFAULT_WATERMARK_KEY):
    """Looks for a watermark made with `key`: a WatermarkResult (found, payload, p_value, ...)."""
    from . import _pixels

    return _likeness.detect_watermark(_pixels(image), key)


def inspect_provenance(source, key=DEFAULT_WATERMARK_KEY):
    """What a PNG or JPEG says about its origin: a ProvenanceReport.

    source: a path, or the encoded file's bytes. Damaged metadata is reported in
    .metadata_error; the watermark is looked for in any case.
    """
    if isinstance(source, (str, os.PathLike)):
        return _likeness.inspect_path(os.fsencode(source), key)
    return _likeness.inspect_bytes(source, key)


def mark_file(in_path, out_path, provenance=None, quality=90):
    """Marks an existing PNG or JPEG as synthetic into out_path (may equal in_path).

    The pixels are watermarked and re-encoded (JPEG at `quality`), the input's own metadata
    (EXIF, ICC profile, XMP) is carried over, and `provenance` (default: Provenance(), i.e.
    trainedAlgorithmicMedia with the default key) is added to the XMP.
    """
    _likeness.mark_file(os.fsencode(in_path), os.fsencode(out_path),
                        provenance if provenance is not None else Provenance(), quality)
