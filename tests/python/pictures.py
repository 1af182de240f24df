"""Test images made on the spot, and the measures the tests compare them with."""

import numpy as np

import likeness

# Pillow's mode for each channel count.
PIL_MODES = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}


def smooth(height, width, channels):
    """Slow sinusoids, a different one per channel: what lossy codecs and resamplers are
    designed for, so their independent implementations should agree closely on it."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    planes = [
        127.5 + 120 * np.sin(2 * np.pi * (x / width * (k + 1) / 2 + y / height * 0.65) + k)
        for k in range(channels)
    ]
    return np.rint(np.stack(planes, axis=-1)).astype(np.uint8)


def noise(height, width, channels, seed=0):
    """Every value equally likely: lossless paths must reproduce each byte in its place."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (height, width, channels), dtype=np.uint8)


def for_pillow(image):
    """The (H, W) array Pillow wants for gray; other channel counts pass as they are."""
    return image[..., 0] if image.shape[2] == 1 else image


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return 10 * np.log10(255.0**2 / mse)


def noise_folder(folder, count, side, seed=0):
    """A folder of `count` noise PNGs of side x side RGB, for training and metrics runs."""
    folder.mkdir()
    for i in range(count):
        likeness.save_image(noise(side, side, 3, seed + i), folder / f"{i}.png")
    return folder
