"""The selfie-set check and the generated-face filter on real faces and on damaged copies of them.

    python face_checks.py PHOTO_DIR [--models DIR] [--out DIR]

PHOTO_DIR holds face-api's demo photos (scripts/setup.sh installs them with the npm packages:
scripts/node/node_modules/@vladmandic/face-api/demo). Each face found in them is cut out as if it
were a selfie. One face then gets damaged copies, each made to trip one check: blurred, darkened,
overexposed, enlarged from half size by pixel repetition (an upsampling artifact) and by
zero-insertion (a transposed convolution's checkerboard). The script prints what the filter says
about each copy, then runs the selfie-set check on the clean face, two more photos of the same
person (mirrored, and cut out differently), its damaged copies, an exact duplicate and another
person's face.
"""

import argparse
import pathlib

import numpy as np

import likeness


def crops(analyzer, photo_dir):
    """Square crops, 2.2 face boxes wide, of every face in the photos, best detection first."""
    out = []
    for path in sorted(pathlib.Path(photo_dir).glob("sample*.jpg")):
        image = likeness.load_image(path, 3)
        for face in analyzer.analyze(image):
            x, y, w, h = face.box
            side = int(2.2 * max(w, h))
            cx, cy = int(x + w / 2), int(y + h / 2)
            left, top = max(0, cx - side // 2), max(0, cy - side // 2)
            crop = image[top:top + side, left:left + side]
            if min(crop.shape[:2]) >= side * 0.9:
                out.append((f"{path.stem}_face{len(out)}", np.ascontiguousarray(crop)))
    return out


def damaged(image):
    """Copies of `image`, each with one flaw, named for it."""
    f = image.astype(np.float32)
    blurred = f
    for _ in range(3):  # three box passes: close to a Gaussian of sigma 2.6, as a camera's defocus
        padded = np.pad(blurred, ((2, 2), (2, 2), (0, 0)), mode="edge")
        blurred = sum(padded[dy:dy + f.shape[0], dx:dx + f.shape[1]] for dy in range(5) for dx in range(5)) / 25
    half = likeness.resize_image(image, image.shape[1] // 2, image.shape[0] // 2)
    repeated = np.repeat(np.repeat(half, 2, axis=0), 2, axis=1)
    inserted = np.zeros((half.shape[0] * 2, half.shape[1] * 2, 3), np.float32)
    inserted[::2, ::2] = half * 4.0  # a transposed convolution's zeros, each sample carrying four's energy
    return {
        "blurred": blurred,
        "dark": f * 0.3,
        "overexposed": f * 1.6 + 40,
        "upsampled_nearest": repeated,
        "upsampled_zero_insertion": inserted,
    }


def as_uint8(image):
    return np.ascontiguousarray(np.clip(np.round(image), 0, 255).astype(np.uint8))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("photo_dir")
    parser.add_argument("--models", default="models/face-api")
    parser.add_argument("--out", default="out/face_checks")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    analyzer = likeness.FaceAnalyzer(args.models)

    faces = crops(analyzer, args.photo_dir)
    print(f"{len(faces)} faces cut out of the demo photos")
    # The two sharpest crops: the demo photos are group shots saved at JPEG quality 60, and many
    # of their faces are already soft enough for the selfie check to call them blurred.
    def sharpness(crop):
        found = analyzer.analyze(crop[1])
        return found[0].measures["sharpness"][1] if len(found) == 1 else 0
    ranked = sorted(faces, key=sharpness, reverse=True)
    name, clean = ranked[0]
    other_name, other = next(c for c in ranked if c[0].split("_")[0] != name.split("_")[0])
    shifted = clean[clean.shape[0] // 10:, : clean.shape[1] * 9 // 10]
    photos = {name: clean, f"{name}_mirrored": np.ascontiguousarray(clean[:, ::-1]),
              f"{name}_recropped": np.ascontiguousarray(shifted), f"{name}_duplicate": clean.copy(),
              other_name: other}
    photos.update({f"{name}_{flaw}": as_uint8(copy) for flaw, copy in damaged(clean).items()})

    print("\nThe generated-face filter (keep or reject, with its reasons):")
    for label, image in photos.items():
        verdict = analyzer.assess_generated(image)
        reasons = "; ".join(r["code"] for r in verdict["reasons"]) or "-"
        print(f"  {label:45s} {'keep' if verdict['keep'] else 'REJECT':6s} score {verdict['score']:5.1f}  {reasons}")

    paths = []
    for label, image in photos.items():
        path = out / f"{label}.png"
        likeness.save_image(image, path)
        paths.append(path)
    print("\nThe selfie-set check:")
    print(analyzer.check_selfies(paths).summary)


if __name__ == "__main__":
    main()
