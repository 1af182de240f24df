"""Likeness: synthetic faces, from Python.

Images are numpy arrays of shape (H, W, C) and dtype uint8, with C = 1 (gray), 2 (gray+alpha),
3 (RGB) or 4 (RGBA); (H, W) arrays are accepted as gray. Arrays that come back share memory
with the SDK's image, and arrays that go in are lent to it without a copy whenever their pixels
are interleaved (any row stride will do). Every call releases the GIL while the SDK works.
"""

import os

import numpy as np

# Before the extension: it raises the classes defined here.
from .errors import (
    CancelledError,
    Error,
    FormatError,
    InternalError,
    InvalidArgumentError,
    IOError,
    OutOfMemoryError,
    UnsupportedError,
)
from . import _likeness
from ._likeness import Context, abi_version
from .diffusion import Diffusion, DiffusionInfo
from .face import SAME_PERSON_DISTANCE, Face, FaceAnalyzer, SelfieCheck, annotate, face_distance
from .gan import Gan, GanInfo, parse_seeds
from .metrics import evaluate_gan
from .provenance import (
    DEFAULT_WATERMARK_KEY,
    WATERMARK_MIN_SIDE,
    WATERMARK_THRESHOLD,
    Provenance,
    ProvenanceReport,
    SourceType,
    WatermarkResult,
    detect_watermark,
    embed_watermark,
    inspect_provenance,
    mark_file,
)
from .train import train_gan

__version__ = _likeness.__version__

__all__ = [
    "__version__", "abi_version", "load_image", "decode_image", "save_image", "encode_image",
    "convert_image", "resize_image", "Context", "Gan", "GanInfo", "parse_seeds", "train_gan",
    "evaluate_gan", "Provenance", "ProvenanceReport", "SourceType", "WatermarkResult",
    "DEFAULT_WATERMARK_KEY", "WATERMARK_MIN_SIDE", "WATERMARK_THRESHOLD", "embed_watermark",
    "detect_watermark", "inspect_provenance", "mark_file", "FaceAnalyzer", "Face", "SelfieCheck",
    "face_distance", "annotate", "SAME_PERSON_DISTANCE", "Error", "InvalidArgumentError",
    "IOError", "FormatError", "UnsupportedError", "OutOfMemoryError", "CancelledError",
    "InternalError", "Diffusion", "DiffusionInfo",
]


def _pixels(image):
    """`image` as a uint8 array the SDK can read in place, copied only if its layout needs it.

    The SDK reads interleaved pixels (channel stride 1, pixel stride = channel count) in rows
    at least one row apart, so a crop of a larger image is lent as it is, while a transposed,
    flipped or channel-sliced one is first made contiguous.
    """
    array = np.asarray(image)
    if array.dtype != np.uint8 or array.ndim not in (2, 3):
        raise InvalidArgumentError(
            "expected a uint8 array of shape (H, W) or (H, W, C) with C in 1..4; got a "
            f"{array.dtype} array of shape {array.shape}"
        )
    height, width = array.shape[:2]
    channels = array.shape[2] if array.ndim == 3 else 1
    # Strides along a dimension of length 1 are never followed, so they may be anything.
    interleaved = (
        (channels == 1 or array.strides[-1] == 1)
        and (width == 1 or array.strides[1] == channels)
        and (height == 1 or array.strides[0] >= width * channels)
    )
    return array if interleaved else np.ascontiguousarray(array)


def load_image(path, channels=0):
    """Decodes a PNG, JPEG, BMP or TGA file into an (H, W, C) uint8 array.

    channels 0 keeps the file's own count; 1..4 converts to it.
    """
    return np.asarray(_likeness.load_image(os.fsencode(path), channels))


def decode_image(data, channels=0):
    """Decodes an encoded PNG, JPEG, BMP or TGA image held in memory; see load_image."""
    return np.asarray(_likeness.decode_image(data, channels))


def save_image(image, path, quality=90, format=None, provenance=None):
    """Writes `image` as PNG or JPEG; the file appears complete or not at all.

    format None takes it from the extension (.png, .jpg, .jpeg); otherwise "png" or "jpeg".
    quality (1..100) applies to JPEG, which drops any alpha channel. provenance (a Provenance,
    e.g. Gan.provenance()) makes the file say it is synthetic: XMP metadata, and a watermark
    in the pixels when provenance.watermark is set and the image is at least 192x192.
    """
    _likeness.save_image(_pixels(image), os.fsencode(path), quality, format, provenance)


def encode_image(image, format, quality=90, provenance=None):
    """`image` encoded as "png" or "jpeg" (quality 1..100, alpha dropped); see save_image."""
    return _likeness.encode_image(_pixels(image), format, quality, provenance)


def convert_image(image, channels):
    """`image` with 1..4 channels: gray is replicated to RGB, RGB becomes gray by Rec. 709
    luma, an added alpha is opaque and a dropped one is discarded (not composited)."""
    return np.asarray(_likeness.convert_image(_pixels(image), channels))


def resize_image(image, width, height, filter="default", linear_light=True):
    """`image` resampled to width x height.

    filter: "default" (Catmull-Rom enlarging, Mitchell shrinking), "box", "triangle",
    "cubic_bspline", "catmull_rom" or "mitchell". linear_light filters in linear light
    (treating colour as sRGB), which keeps fine texture at its brightness; False filters the
    stored values. Alpha is respected, so transparent pixels do not bleed colour.
    """
    return np.asarray(
        _likeness.resize_image(_pixels(image), width, height, filter, linear_light)
    )
