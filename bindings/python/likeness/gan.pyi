import os
from typing import Any, Iterable, Literal, NamedTuple, Optional, Union

import numpy as np
import numpy.typing as npt

from . import _likeness
from ._likeness import Provenance

_Path = Union[str, bytes, os.PathLike[str], os.PathLike[bytes]]
_Noise = Literal["const", "random", "none"]
_Output = Literal["uint8", "float"]
_Space = Literal["w", "z"]
# numpy arrays, or torch tensors (a tensor in gives a tensor out, on the input's device).
_Floats = Union[npt.ArrayLike, Any]
_Seeds = Union[int, str, Iterable[int], npt.NDArray[np.integer], Any]

class GanInfo(NamedTuple):
    """What a generator takes and makes."""

    z_dim: int
    c_dim: int
    w_dim: int
    num_ws: int
    resolution: int
    channels: int

class Gan:
    """A StyleGAN2 generator loaded from a Likeness generator file."""

    def __init__(self, native: _likeness.Gan) -> None: ...
    @classmethod
    def load(cls, path: _Path, device: str = "cpu", watermark: bool = True) -> "Gan":
        """Loads a generator file onto device ("cpu", "cuda", "cuda:N" or "auto"); watermark
        False opts out of marking uint8 images of 192x192 or more."""
    @property
    def watermark(self) -> bool:
        """Whether uint8 images of 192x192 or more carry the generator's watermark."""
    @watermark.setter
    def watermark(self, value: bool) -> None: ...
    @property
    def info(self) -> GanInfo:
        """z_dim, c_dim, w_dim, num_ws, resolution and channels."""
    def provenance(self, seed: Optional[int] = None) -> Provenance:
        """A Provenance naming this generator (file stem, SHA-256, a payload derived from it)."""
    @property
    def device(self) -> str:
        """The device the generator runs on."""
    def generate(
        self,
        seeds: Optional[_Seeds] = None,
        z: Optional[_Floats] = None,
        truncation: float = 1.0,
        cutoff: Optional[int] = None,
        noise: _Noise = "const",
        class_idx: Optional[int] = None,
        batch_size: Optional[int] = None,
        output: _Output = "uint8",
        mix_seeds: Optional[_Seeds] = None,
        crossover: Optional[int] = None,
    ) -> Any:
        """uint8 (N, H, W, C) images, or float32 (N, C, H, W) with output="float"."""
    def mapping(
        self,
        z: _Floats,
        c: Union[None, int, _Floats] = None,
        truncation: float = 1.0,
        cutoff: Optional[int] = None,
    ) -> Any:
        """w (N, num_ws, w_dim) for z (N, z_dim)."""
    def synthesis(
        self,
        w: _Floats,
        noise: _Noise = "const",
        batch_size: Optional[int] = None,
        output: _Output = "uint8",
    ) -> Any:
        """Images for ws (N, num_ws, w_dim)."""
    def interpolate(
        self,
        seed_a: int,
        seed_b: int,
        steps: int,
        space: _Space = "w",
        truncation: float = 1.0,
        cutoff: Optional[int] = None,
        noise: _Noise = "const",
        class_idx: Optional[int] = None,
        output: _Output = "uint8",
    ) -> Any:
        """`steps` images from seed_a's face to seed_b's, both included."""

def parse_seeds(text: str) -> list[int]:
    """Seeds from a list such as "0-999" or "1,5,9-12"."""
