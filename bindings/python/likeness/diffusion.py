"""Stable Diffusion 1.x: text-to-image, image-to-image and inpainting.

The same model, arguments and seed give the image diffusers' StableDiffusionPipeline (and its
Img2Img and Inpaint pipelines) gives with a torch generator seeded with that seed. Prompts take
Automatic1111's emphasis: "(word)" 1.1 times, "[word]" 1/1.1 times, "(word:1.3)" 1.3 times.
"""

import operator
import os
from typing import NamedTuple

import numpy as np

from . import _likeness
from ._generator import Generator
from .errors import InvalidArgumentError

_MAX_SEED = 2**64 - 1
_MAX_U32 = 2**32 - 1


class DiffusionInfo(NamedTuple):
    """What a model makes."""

    width: int
    height: int
    in_channels: int
    prediction: str
    dtype: str


def _whole(value, name, maximum=_MAX_U32):
    """`value` (an int or numpy integer) checked to lie in [0, maximum]."""
    try:
        number = None if isinstance(value, bool) else operator.index(value)
    except TypeError:
        number = None
    if number is None or not 0 <= number <= maximum:
        raise InvalidArgumentError(f"{name} must be a whole number from 0 to {maximum}, "
                                   f"got {value!r}")
    return number


def _side(value, name):
    """A width or height; None is 0, which the SDK reads as "the default size"."""
    return 0 if value is None else _whole(value, name)


def _pixels_or_none(image):
    # The package's pixel check: the same messages as save_image and friends give.
    from . import _pixels

    return None if image is None else _pixels(image)


class Diffusion(Generator):
    """A Stable Diffusion 1.x model: a diffusers folder or a single-file checkpoint.

    generate() returns uint8 RGB images as a numpy array (N, H, W, 3). The GIL is released
    while the model runs, and Ctrl-C stops it between steps; a Diffusion is used by one thread
    at a time.
    """

    _Info = DiffusionInfo

    @classmethod
    def load(cls, path, device="cpu", dtype="float32", tokenizer_dir=None, watermark=True):
        """Loads a model onto device ("cpu", "cuda", "cuda:N" or "auto").

        dtype: "float32", "float16" or "bfloat16". tokenizer_dir: for single-file checkpoints,
        which carry no tokenizer, a folder with vocab.json and merges.txt (or tokenizer.json);
        None takes the CLIP vocabulary the set-up installs. Diffusers folders use their own.
        watermark: images of 192x192 or more carry the model's invisible watermark (see
        provenance()); False opts out.
        """
        tokenizer = None if tokenizer_dir is None else os.fsencode(tokenizer_dir)
        model = cls(_likeness.Diffusion(os.fsencode(path), device, dtype, tokenizer))
        model.watermark = watermark
        return model

    @property
    def info(self):
        """width and height it makes by default, in_channels (9: inpainting), prediction
        ("epsilon" or "v") and dtype."""
        return self._info

    def provenance(self, seed=None, prompt=None, composite=False):
        """A Provenance for what this model makes, for save_image(provenance=...).

        It names the model (file or folder name, SHA-256 of its files, hashed on the first
        call) and carries a watermark payload derived from that hash. seed and prompt (opt-in)
        are written into the metadata; composite states an edited image (image-to-image,
        inpainting) rather than a wholly generated one.
        """
        provenance = self._native.provenance()
        provenance.seed = seed
        if prompt is not None:
            provenance.prompt = prompt
        if composite:
            provenance.source_type = _likeness.SourceType.COMPOSITE_TRAINED
        return provenance

    def generate(self, prompt="", negative_prompt="", width=None, height=None, steps=25,
                 guidance=7.5, sampler="dpmpp_2m", karras=False, eta=0.0, seed=0, batch=1,
                 clip_skip=1, init_image=None, strength=0.8, mask=None, progress=None):
        """`batch` images for the prompt, as uint8 (N, H, W, 3); image i is the one seed + i
        makes alone.

        width and height (multiples of 64 for SD 1.x) default to init_image's size, else the
        model's own. sampler: "ddpm", "ddim", "euler", "euler_ancestral", "dpmpp_2m" or "lcm"; karras
        spaces Euler's and DPM++ 2M's sigmas as Karras et al. do; eta (DDIM) adds noise.
        guidance 1 or less turns classifier-free guidance off. init_image (uint8 (H, W) or
        (H, W, C)) starts from that image, re-noised by strength in [0, 1]; mask (the same
        size, white where repainted) inpaints. progress(done, total) is called after each step;
        returning False cancels with CancelledError.
        """
        return np.asarray(self._native.generate(
            prompt, negative_prompt, _side(width, "width"), _side(height, "height"),
            _whole(steps, "steps"), float(guidance), sampler, bool(karras), float(eta),
            _whole(seed, "seed", _MAX_SEED), _whole(batch, "batch"),
            _whole(clip_skip, "clip_skip"), _pixels_or_none(init_image), float(strength),
            _pixels_or_none(mask), progress))

    def __repr__(self):
        i = self._info
        return (f"likeness.Diffusion({i.width}x{i.height}, in_channels={i.in_channels}, "
                f"dtype='{i.dtype}', device='{self.device}')")
