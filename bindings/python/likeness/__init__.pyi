import os
from typing import Literal, Optional, Union

from typing_extensions import Buffer

import numpy as np
import numpy.typing as npt

from .errors import (
    CancelledError as CancelledError,
    Error as Error,
    FormatError as FormatError,
    InternalError as InternalError,
    InvalidArgumentError as InvalidArgumentError,
    IOError as IOError,
    OutOfMemoryError as OutOfMemoryError,
    UnsupportedError as UnsupportedError,
)
from ._likeness import Context as Context, abi_version as abi_version
from .diffusion import Diffusion as Diffusion, DiffusionInfo as DiffusionInfo
from .face import (
    SAME_PERSON_DISTANCE as SAME_PERSON_DISTANCE,
    Face as Face,
    FaceAnalyzer as FaceAnalyzer,
    SelfieCheck as SelfieCheck,
    annotate as annotate,
    face_distance as face_distance,
)
from .gan import Gan as Gan, GanInfo as GanInfo, parse_seeds as parse_seeds
from .metrics import evaluate_gan as evaluate_gan
from .provenance import (
    DEFAULT_WATERMARK_KEY as DEFAULT_WATERMARK_KEY,
    WATERMARK_MIN_SIDE as WATERMARK_MIN_SIDE,
    WATERMARK_THRESHOLD as WATERMARK_THRESHOLD,
    Provenance as Provenance,
    ProvenanceReport as ProvenanceReport,
    SourceType as SourceType,
    WatermarkResult as WatermarkResult,
    detect_watermark as detect_watermark,
    embed_watermark as embed_watermark,
    inspect_provenance as inspect_provenance,
    mark_file as mark_file,
)
from .train import train_gan as train_gan

_Path = Union[str, bytes, os.PathLike[str], os.PathLike[bytes]]
_Pixels = npt.NDArray[np.uint8]
_Format = Literal["png", "jpeg"]
_Filter = Literal["default", "box", "triangle", "cubic_bspline", "catmull_rom", "mitchell"]

__version__: str
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

def load_image(path: _Path, channels: int = 0) -> _Pixels:
    """Decodes a PNG, JPEG, BMP or TGA file into an (H, W, C) uint8 array; channels 0 keeps
    the file's own count."""

def decode_image(data: Buffer, channels: int = 0) -> _Pixels:
    """Decodes an encoded PNG, JPEG, BMP or TGA image held in memory."""

def save_image(
    image: _Pixels,
    path: _Path,
    quality: int = 90,
    format: Optional[_Format] = None,
    provenance: Optional[Provenance] = None,
) -> None:
    """Writes PNG or JPEG, all or nothing; format None takes it from the extension. provenance
    makes the file say it is synthetic (XMP metadata, and a watermark where it fits)."""

def encode_image(
    image: _Pixels, format: _Format, quality: int = 90, provenance: Optional[Provenance] = None
) -> bytes:
    """The image encoded as PNG or JPEG (quality 1..100, alpha dropped); see save_image."""

def convert_image(image: _Pixels, channels: int) -> _Pixels:
    """The image with 1..4 channels (Rec. 709 luma for RGB to gray)."""

def resize_image(
    image: _Pixels,
    width: int,
    height: int,
    filter: _Filter = "default",
    linear_light: bool = True,
) -> _Pixels:
    """The image resampled to width x height."""
