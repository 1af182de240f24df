import os
from typing import Optional, Union

from typing_extensions import Buffer

import numpy as np
import numpy.typing as npt

from ._likeness import (
    DEFAULT_WATERMARK_KEY as DEFAULT_WATERMARK_KEY,
    WATERMARK_MIN_SIDE as WATERMARK_MIN_SIDE,
    WATERMARK_THRESHOLD as WATERMARK_THRESHOLD,
    Provenance as Provenance,
    ProvenanceReport as ProvenanceReport,
    SourceType as SourceType,
    WatermarkResult as WatermarkResult,
)

_Path = Union[str, os.PathLike[str], os.PathLike[bytes]]
_Pixels = npt.NDArray[np.uint8]

def embed_watermark(image: _Pixels, payload: int, key: int = ...) -> _Pixels:
    """A watermarked copy of the image (each side >= 192); alpha untouched."""

def detect_watermark(image: _Pixels, key: int = ...) -> WatermarkResult:
    """Looks for a watermark made with `key`."""

def inspect_provenance(source: Union[_Path, Buffer], key: int = ...) -> ProvenanceReport:
    """What a PNG or JPEG (a path or its bytes) says about its origin."""

def mark_file(
    in_path: _Path, out_path: _Path, provenance: Optional[Provenance] = None, quality: int = 90
) -> None:
    """Marks an existing PNG or JPEG as synthetic, keeping its own metadata."""
