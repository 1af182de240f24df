"""StyleGAN2 generators: faces from seeds, latents and styles.

Seeds name the latents NVIDIA's generate.py draws for them, so seeds found with NVIDIA's tools
give the same faces here. Arrays may be numpy arrays or torch tensors: a torch tensor in gives
a torch tensor out, on the input's device (CPU tensors are shared with numpy, not copied).
"""

import os
import sys
from typing import NamedTuple

import numpy as np

from . import _likeness
from ._generator import Generator
from .errors import InvalidArgumentError

_MAX_SEED = 2**32 - 1


class GanInfo(NamedTuple):
    """What a generator takes and makes."""

    z_dim: int
    c_dim: int
    w_dim: int
    num_ws: int
    resolution: int
    channels: int


def _torch_of(value):
    """The torch module when `value` is a torch tensor, else None.

    torch is never imported here: a tensor can only exist once its caller has imported torch.
    """
    torch = sys.modules.get("torch")
    return torch if torch is not None and isinstance(value, torch.Tensor) else None


def _floats(value):
    """`value` as a C-contiguous float32 array, and the torch device it came from (or None)."""
    torch = _torch_of(value)
    if torch is None:
        return np.ascontiguousarray(value, dtype=np.float32), None
    return np.ascontiguousarray(value.detach().to("cpu", torch.float32).numpy()), value.device


def _returned(result, device):
    """The SDK's result as numpy, or as torch on `device` when the input was a tensor."""
    array = np.asarray(result)
    if device is None:
        return array
    torch = sys.modules["torch"]
    return torch.from_numpy(array).to(device)


def _seed_list(seeds):
    """`seeds` (an int, an iterable of ints or a string such as "0-9,42") as a list."""
    if isinstance(seeds, str):
        return _likeness.parse_seeds(seeds)
    values = [seeds] if np.ndim(seeds) == 0 else np.asarray(seeds).ravel().tolist()
    for seed in values:
        if isinstance(seed, float) or not 0 <= int(seed) <= _MAX_SEED:
            raise InvalidArgumentError(
                f"seed {seed!r} is not a whole number from 0 to {_MAX_SEED}"
            )
    return [int(seed) for seed in values]


class Gan(Generator):
    """A StyleGAN2 generator loaded from a Likeness generator file.

    Images come back as uint8 arrays (N, H, W, C) or, with output="float", as the network's
    float32 output (N, C, H, W), about [-1, 1]. Conditional generators need class_idx (a
    one-hot label) or, for mapping, c (one label per sample). The GIL is released while the
    generator runs, and Ctrl-C stops it between batches; a Gan is used by one thread at a time.
    """

    _Info = GanInfo

    @classmethod
    def load(cls, path, device="cpu", watermark=True):
        """Loads a generator file onto device ("cpu", "cuda", "cuda:N" or "auto").

        watermark: uint8 images of 192x192 or more come back carrying the generator's invisible
        watermark (see provenance()); False opts out. Float output is never marked.
        """
        gan = cls(_likeness.Gan(os.fsencode(path), device))
        gan.watermark = watermark
        return gan

    @property
    def info(self):
        """z_dim, c_dim, w_dim, num_ws, resolution and channels."""
        return self._info

    def provenance(self, seed=None):
        """A Provenance for what this generator makes, for save_image(provenance=...).

        It names the model (file stem and SHA-256, hashed on the first call) and carries a
        watermark payload derived from that hash; seed (opt-in) is written into the metadata.
        """
        provenance = self._native.provenance()
        provenance.seed = seed
        return provenance

    def generate(self, seeds=None, z=None, truncation=1.0, cutoff=None, noise="const",
                 class_idx=None, batch_size=None, output="uint8", mix_seeds=None, crossover=None):
        """One image per seed, or per row of z (N, z_dim); give exactly one of the two.

        truncation in [-1, 2] pulls w toward the average (0.7 gives typical faces); cutoff
        truncates only the first ws. noise: "const" (repeatable), "random" or "none".
        Style mixing (seeds only): mix_seeds, one per seed, supply the ws from layer `crossover`
        on (0 takes every layer from the mix seed, num_ws none).
        """
        if (seeds is None) == (z is None):
            raise InvalidArgumentError("give seeds or z, not both and not neither")
        options = (truncation, cutoff, noise, class_idx, None, batch_size, output)
        if z is None:
            device = seeds.device if _torch_of(seeds) is not None else None
            mixing = ([] if mix_seeds is None else _seed_list(mix_seeds), crossover)
            return _returned(self._native.generate_seeds(_seed_list(seeds), *options, *mixing),
                             device)
        if mix_seeds is not None or crossover is not None:
            raise InvalidArgumentError("style mixing takes seeds, not z")
        latents, device = _floats(z)
        return _returned(self._native.generate_z(latents, *options), device)

    def mapping(self, z, c=None, truncation=1.0, cutoff=None):
        """w (N, num_ws, w_dim) for z (N, z_dim); c is a class index or labels (N, c_dim)."""
        latents, device = _floats(z)
        if c is None or isinstance(c, (int, np.integer)):
            ws = self._native.mapping(latents, None, truncation, cutoff, c)
        else:
            ws = self._native.mapping(latents, _floats(c)[0], truncation, cutoff, None)
        return _returned(ws, device)

    def synthesis(self, w, noise="const", batch_size=None, output="uint8"):
        """Images for ws (N, num_ws, w_dim), from mapping or edited."""
        ws, device = _floats(w)
        return _returned(self._native.synthesis(ws, noise, batch_size, output), device)

    def interpolate(self, seed_a, seed_b, steps, space="w", truncation=1.0, cutoff=None,
                    noise="const", class_idx=None, output="uint8"):
        """`steps` images from seed_a's face to seed_b's, both included: a morph.

        space "w" moves in a straight line between the two ws; "z" along the great circle
        between the two latents, as NVIDIA's path-length metric does.
        """
        seed_a, seed_b = _seed_list([seed_a, seed_b])
        return np.asarray(self._native.interpolate(seed_a, seed_b, steps, space, truncation,
                                                   cutoff, noise, class_idx, output))

    def __repr__(self):
        i = self._info
        return (f"likeness.Gan({i.resolution}x{i.resolution}, z_dim={i.z_dim}, "
                f"c_dim={i.c_dim}, device='{self.device}')")


def parse_seeds(text):
    """Seeds from a list such as "0-999" or "1,5,9-12" (ranges inclusive, order kept)."""
    return _likeness.parse_seeds(text)
