import os
from typing import Callable, Literal, NamedTuple, Optional, Union

import numpy as np
import numpy.typing as npt

from . import _likeness
from ._likeness import Provenance

_Path = Union[str, bytes, os.PathLike[str], os.PathLike[bytes]]
_DType = Literal["float32", "float16", "bfloat16"]
_Sampler = Literal["ddpm", "ddim", "euler", "euler_ancestral", "dpmpp_2m", "lcm"]
_Pixels = npt.NDArray[np.uint8]

class DiffusionInfo(NamedTuple):
    """What a model makes."""

    width: int
    height: int
    in_channels: int
    prediction: str
    dtype: str

class Diffusion:
    """A Stable Diffusion 1.x model: a diffusers folder or a single-file checkpoint."""

    def __init__(self, native: _likeness.Diffusion) -> None: ...
    @classmethod
    def load(
        cls,
        path: _Path,
        device: str = "cpu",
        dtype: _DType = "float32",
        tokenizer_dir: Optional[_Path] = None,
        watermark: bool = True,
    ) -> "Diffusion":
        """Loads a model onto device ("cpu", "cuda", "cuda:N" or "auto")."""
    @property
    def watermark(self) -> bool:
        """Whether images of 192x192 or more carry the model's watermark."""
    @watermark.setter
    def watermark(self, value: bool) -> None: ...
    @property
    def info(self) -> DiffusionInfo:
        """width, height, in_channels (9: inpainting), prediction and dtype."""
    @property
    def device(self) -> str:
        """The device the model runs on."""
    def provenance(
        self, seed: Optional[int] = None, prompt: Optional[str] = None, composite: bool = False
    ) -> Provenance:
        """A Provenance naming this model (name, SHA-256, a payload derived from it)."""
    def generate(
        self,
        prompt: str = "",
        negative_prompt: str = "",
        width: Optional[int] = None,
        height: Optional[int] = None,
        steps: int = 25,
        guidance: float = 7.5,
        sampler: _Sampler = "dpmpp_2m",
        karras: bool = False,
        eta: float = 0.0,
        seed: int = 0,
        batch: int = 1,
        clip_skip: int = 1,
        init_image: Optional[_Pixels] = None,
        strength: float = 0.8,
        mask: Optional[_Pixels] = None,
        progress: Optional[Callable[[int, int], Optional[bool]]] = None,
    ) -> _Pixels:
        """`batch` uint8 RGB images (N, H, W, 3)."""
