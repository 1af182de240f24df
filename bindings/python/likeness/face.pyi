import os
from typing import Any, Iterable, Literal, NamedTuple, Optional, Union

import numpy as np
import numpy.typing as npt

from ._likeness import SAME_PERSON_DISTANCE as SAME_PERSON_DISTANCE, Face as Face

_Path = Union[str, bytes, os.PathLike[str], os.PathLike[bytes]]
_Pixels = npt.NDArray[np.uint8]

class SelfieCheck(NamedTuple):
    """The selfie-set check's outcome: the report and a readable summary."""

    report: dict[str, Any]
    summary: str

class FaceAnalyzer:
    """Finds and describes the faces in images; usable from several threads at once."""

    def __init__(
        self,
        models: Optional[_Path] = None,
        detector: Literal["ssd", "tiny"] = "ssd",
        tiny_landmarks: bool = False,
        descriptors: bool = True,
        quality: bool = True,
        min_confidence: float = 0.5,
        max_faces: int = 100,
        tiny_input_size: int = 416,
        scoring_config: Optional[_Path] = None,
        bfloat16: bool = False,
    ) -> None: ...
    def analyze(self, image: _Pixels) -> list[Face]:
        """The faces in the image, best detection first."""
    def check_selfies(self, paths: Union[_Path, Iterable[_Path]]) -> SelfieCheck:
        """Judges photo files (or one folder's files) as a selfie set."""
    def assess_generated(self, image: _Pixels) -> dict[str, Any]:
        """How a generated face fares: keep, score, reasons, checks."""

def face_distance(a: npt.ArrayLike, b: npt.ArrayLike) -> float:
    """Euclidean distance between two 128-value descriptors."""

def annotate(image: _Pixels, faces: Iterable[Face]) -> _Pixels:
    """A copy of the image with the faces drawn on it."""
