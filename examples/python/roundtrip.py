"""Writes a gradient as PNG, turns it into a half-size JPEG, reads both back and reports.

    python roundtrip.py [--quality 85] [--out DIR]

The PNG comes back exactly; the JPEG's fidelity is measured as PSNR against the source image
resized the same way, so that only the compression's loss is counted.
"""

import argparse
import pathlib
import tempfile

import numpy as np

import likeness


def gradient(height, width):
    """Red rising left to right, green top to bottom, blue along the diagonal."""
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack([x * 255 // (width - 1), y * 255 // (height - 1),
                    (x + y) * 255 // (width + height - 2)], axis=-1)
    return rgb.astype(np.uint8)


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0**2 / mse)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", type=int, default=85, help="JPEG quality, 1..100")
    parser.add_argument("--out", type=pathlib.Path, help="folder for the files (default: a "
                        "temporary one, removed afterwards)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or pathlib.Path(scratch)
        source = gradient(480, 640)
        png = out / "gradient.png"
        likeness.save_image(source, png)

        loaded = likeness.load_image(png)
        half = likeness.resize_image(loaded, loaded.shape[1] // 2, loaded.shape[0] // 2)
        jpeg = out / "gradient-half.jpg"
        likeness.save_image(half, jpeg, quality=args.quality)
        reloaded = likeness.load_image(jpeg)

        print(f"likeness {likeness.__version__}")
        print(f"{png.name}: {png.stat().st_size} bytes, {loaded.shape[1]}x{loaded.shape[0]}, "
              f"identical to the source: {np.array_equal(loaded, source)}")
        print(f"{jpeg.name}: {jpeg.stat().st_size} bytes, "
              f"{reloaded.shape[1]}x{reloaded.shape[0]}, quality {args.quality}, "
              f"PSNR {psnr(reloaded, half):.1f} dB")


if __name__ == "__main__":
    main()
