"""How well the watermark survives what happens to images, beside invisible-watermark.

Marks a corpus of photographs and generated image grids with a random 32-bit payload each, with
ours (likeness.embed_watermark) and with the `invisible-watermark` package's dwtDct (the method
Stable Diffusion uses) and dwtDctSvd in 32-bit "bits" mode; puts every marked image through the
same attacks (JPEG by Pillow and, where it is installed, ImageMagick; half-size and back; a crop;
brightness; combinations) and decodes it again. Also: detections on unmarked images at the
documented threshold, PSNR of marked against original, and each method's embed and detect time
on a 1024x1024 image in this process.

Prints a Markdown table and writes the figures as JSON (--out). Needs the packages in
benchmarks/requirements.txt and the face-api demo photos in the cache folder, both of which
scripts/bench.sh provides; nothing is downloaded here.
"""

import argparse
import os
import sys


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=120,
                        help="marked images, photographs and generated grids (default 120)")
    parser.add_argument("--false-positives", type=int, default=1200,
                        help="unmarked images to look for a watermark in (default 1200)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 12 images, 60 unmarked, 2 timing repeats")
    parser.add_argument("--out", help="write the figures as JSON to this file")
    parser.add_argument("--cache", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache"),
                        help="folder holding package/demo/sample*.jpg from the face-api npm package")
    parser.add_argument("--model", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                                                        "models", "stylegan2-fashion-mnist-32.safetensors"),
                        help="generator whose samples make the generated grids")
    parser.add_argument("--imagemagick", default="auto",
                        help="ImageMagick's convert (or magick) for a second JPEG encoder: a path, "
                             "'auto' to look for one, or 'none'")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads for OpenCV, BLAS, ImageMagick and torch (default 1)")
    parser.add_argument("--seed", type=int, default=2026, help="seed for payloads, crops and offsets")
    args = parser.parse_args(argv)
    if args.quick:
        args.images, args.false_positives = 12, 60
    if args.images < 1 or args.false_positives < 0 or args.threads < 1:
        parser.error("--images and --threads must be at least 1 and --false-positives at least 0")
    return args


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None:
    # Thread pools size themselves when their libraries load, so this precedes the imports.
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "MAGICK_THREAD_LIMIT"):
        os.environ[variable] = str(ARGS.threads)

import glob
import importlib.metadata
import io
import json
import math
import platform
import shutil
import subprocess
import time

import numpy as np
from PIL import Image, ImageEnhance

# skimage.data's photographs (its drawings, charts and test patterns are left out).
SKIMAGE_PHOTOS = ("astronaut.png", "brick.png", "camera.png", "cell.png", "chelsea.png", "clock_motion.png",
                  "coffee.png", "coins.png", "grass.png", "gravel.png", "hubble_deep_field.jpg", "ihc.png",
                  "moon.png", "motorcycle_left.png", "motorcycle_right.png", "retina.jpg", "rocket.jpg")
# invisible-watermark refuses images of fewer pixels than this.
IW_MIN_PIXELS = 256 * 256


# ---------------------------------------------------------------- corpus

def rgb(image):
    """A PIL image or array as an (H, W, 3) uint8 array; gray is repeated into the three channels."""
    picture = Image.fromarray(image) if isinstance(image, np.ndarray) else image
    return np.ascontiguousarray(np.asarray(picture.convert("RGB")))


def square_crops(photo, size, shifted):
    """size x size crops of `photo` that tile it without overlap, starting at the top left, or
    (shifted) at half a crop in from it, which overlaps each unshifted crop by a quarter."""
    height, width = photo.shape[:2]
    start = size // 2 if shifted else 0
    return [photo[y:y + size, x:x + size]
            for y in range(start, height - size + 1, size)
            for x in range(start, width - size + 1, size)]


def load_photos(cache):
    """(name, array) for the face-api demo photos and skimage's photographs, whole."""
    import skimage.data

    faces = sorted(glob.glob(os.path.join(cache, "package", "demo", "sample*.jpg")))
    if not faces:
        sys.exit(f"no face-api demo photos in {os.path.join(cache, 'package', 'demo')}; "
                 "scripts/bench.sh fetches them (npm pack @vladmandic/face-api@1.7.15)")
    folder = os.path.dirname(skimage.data.__file__)
    return ([(os.path.basename(path), rgb(Image.open(path))) for path in faces],
            [(name, rgb(Image.open(os.path.join(folder, name)))) for name in SKIMAGE_PHOTOS])


def photo_corpus(faces, others, count):
    """`count` distinct photographs: 512x512 and 1024x1024 crops of the face-api photos and of
    skimage's larger photographs, and skimage's smaller photographs whole. Non-overlapping crops
    come first; overlapping ones only where more are asked for than those give."""
    first, extra = [], []
    for name, photo in faces:
        for size in (512, 1024):
            first += [(f"{name} {size} #{i}", crop) for i, crop in enumerate(square_crops(photo, size, False))]
            extra += [(f"{name} {size} +#{i}", crop) for i, crop in enumerate(square_crops(photo, size, True))]
    for name, photo in others:
        if min(photo.shape[:2]) >= 512:
            first += [(f"{name} 512 #{i}", crop) for i, crop in enumerate(square_crops(photo, 512, False))]
            extra += [(f"{name} 512 +#{i}", crop) for i, crop in enumerate(square_crops(photo, 512, True))]
        else:
            first.append((name, photo))
    if count > len(first) + len(extra):
        sys.exit(f"asked for {count} photographs; the corpus has {len(first) + len(extra)} distinct ones")
    # Spread each pick over every source rather than taking the first photos' crops.
    spread = lambda pool, n: [pool[int(i * len(pool) / n)] for i in range(n)]  # noqa: E731
    return spread(first, min(count, len(first))) + spread(extra, max(0, count - len(first)))


def generated_grids(model, count):
    """`count` contact sheets of the generator's samples, alternately 8x8 (256x256) and 16x16
    (512x512), every sample from its own seed."""
    import likeness

    # The samples must come out unmarked: the corpus marks the sheets itself, and the unmarked
    # set for false positives is cut from them.
    gan = likeness.Gan.load(model, watermark=False)
    side = gan.info.resolution
    grids, seed = [], 0
    for i in range(count):
        n = 8 if i % 2 == 0 else 16
        samples = np.asarray(gan.generate(seeds=list(range(seed, seed + n * n))))
        seed += n * n
        sheet = samples.reshape(n, n, side, side, -1).transpose(0, 2, 1, 3, 4).reshape(n * side, n * side, -1)
        grids.append((f"grid {n}x{n} seeds {seed - n * n}-{seed - 1}", rgb(sheet.squeeze(-1) if sheet.shape[-1] == 1 else sheet)))
    return grids


def unmarked_set(sources, count, rng):
    """`count` unmarked images: each source whole, then crops at random offsets, 192 px up to
    the source's shorter side high and at least as wide, every third one from the source resized
    by a random factor (0.6 to 1.4)."""
    images = list(sources[:count])
    while len(images) < count:
        name, image = sources[int(rng.integers(len(sources)))]
        how = []
        if len(images) % 3 == 0:
            factor = float(rng.uniform(0.6, 1.4))
            height, width = image.shape[:2]
            size = (max(192, round(width * factor)), max(192, round(height * factor)))
            image = np.asarray(Image.fromarray(image).resize(size, Image.BICUBIC))
            how.append(f"x{factor:.2f}")
        height, width = image.shape[:2]
        side = int(rng.integers(192, min(height, width) + 1))
        crop_w = int(rng.integers(side, width + 1))
        y, x = int(rng.integers(height - side + 1)), int(rng.integers(width - crop_w + 1))
        how.append(f"{crop_w}x{side}@{x},{y}")
        images.append((f"{name} {' '.join(how)}", image[y:y + side, x:x + crop_w]))
    return images


# ---------------------------------------------------------------- attacks

def pillow_jpeg(quality):
    def attack(image):
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="JPEG", quality=quality)
        return rgb(Image.open(buffer))
    return attack


def find_imagemagick(choice):
    """The ImageMagick command to use, or None. The name `convert` alone proves nothing (some
    systems put other programs there), so the candidate must say it is ImageMagick."""
    if choice == "none":
        return None
    for candidate in ([choice] if choice != "auto" else ["magick", "/usr/bin/convert", "convert"]):
        path = shutil.which(candidate)
        if not path:
            continue
        try:
            version = subprocess.run([path, "-version"], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        if version.startswith("Version: ImageMagick"):
            return path
    if choice != "auto":
        sys.exit(f"--imagemagick {choice}: not an ImageMagick command (its -version does not say so)")
    return None


def imagemagick_jpeg(command, quality):
    def attack(image):
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="PPM")
        encoded = subprocess.run([command, "ppm:-", "-quality", str(quality), "jpg:-"], input=buffer.getvalue(),
                                 capture_output=True, check=True).stdout
        return rgb(Image.open(io.BytesIO(encoded)))
    return attack


def half_and_back(image):
    height, width = image.shape[:2]
    half = Image.fromarray(image).resize((width // 2, height // 2), Image.BICUBIC)
    return np.asarray(half.resize((width, height), Image.BICUBIC))


def crop_top_left(image):
    """10% off the top and off the left, moved off the 8-pixel grid (JPEG's blocks) if it falls on it."""
    height, width = image.shape[:2]
    dy, dx = round(height * 0.1), round(width * 0.1)
    dy, dx = dy + (dy % 8 == 0), dx + (dx % 8 == 0)
    return np.ascontiguousarray(image[dy:, dx:])


def brightness(factor):
    def attack(image):
        return np.asarray(ImageEnhance.Brightness(Image.fromarray(image)).enhance(factor))
    return attack


def chain(*steps):
    def attack(image):
        for step in steps:
            image = step(image)
        return image
    return attack


def attacks(imagemagick):
    rows = [("none", lambda image: image)]
    rows += [(f"JPEG q{q} (Pillow)", pillow_jpeg(q)) for q in (90, 75, 50, 30)]
    if imagemagick:
        rows += [(f"JPEG q{q} (ImageMagick)", imagemagick_jpeg(imagemagick, q)) for q in (90, 75, 50, 30)]
    rows += [
        ("half size and back (bicubic)", half_and_back),
        ("crop 10% top and left", crop_top_left),
        ("brightness x1.2", brightness(1.2)),
        ("brightness x0.8", brightness(0.8)),
        ("crop + JPEG q50", chain(crop_top_left, pillow_jpeg(50))),
        ("half + JPEG q75", chain(half_and_back, pillow_jpeg(75))),
        ("half + JPEG q75 + brightness x0.8", chain(half_and_back, pillow_jpeg(75), brightness(0.8))),
        ("crop + brightness x1.2 + JPEG q75", chain(crop_top_left, brightness(1.2), pillow_jpeg(75))),
        ("crop + half + JPEG q50", chain(crop_top_left, half_and_back, pillow_jpeg(50))),
    ]
    return rows


# ---------------------------------------------------------------- the methods

class Ours:
    name = "ours"

    def __init__(self, key):
        import likeness

        self.likeness, self.key, self.threshold = likeness, key, likeness.WATERMARK_THRESHOLD

    def embed(self, image, payload):
        return np.asarray(self.likeness.embed_watermark(image, payload, key=self.key))

    def decode(self, image, payload):
        """(decoded, bit accuracy or None, p-value, found with a wrong payload). Decoded means
        found with the right payload; the accuracy is that of the decoded code word, which only
        a decode has."""
        found = self.detect(image)
        decoded = bool(found.found) and found.payload == payload
        accuracy = found.matched_bits / found.voted_bits if decoded and found.voted_bits else None
        return decoded, accuracy, float(found.p_value), bool(found.found) and found.payload != payload

    def detect(self, image):
        return self.likeness.detect_watermark(image, key=self.key)


class InvisibleWatermark:
    """invisible-watermark in 32-bit "bits" mode. It works on BGR arrays (OpenCV's order)."""

    def __init__(self, method):
        from imwatermark import WatermarkDecoder, WatermarkEncoder

        self.name, self.method = f"iw-{method}", method
        self.encoder_class, self.decoder = WatermarkEncoder, WatermarkDecoder("bits", 32)

    @staticmethod
    def bits(payload):
        return [(payload >> (31 - i)) & 1 for i in range(32)]

    def embed(self, image, payload):
        encoder = self.encoder_class()
        encoder.set_watermark("bits", self.bits(payload))
        return np.ascontiguousarray(encoder.encode(np.ascontiguousarray(image[..., ::-1]), self.method)[..., ::-1])

    def decode(self, image, payload):
        if image.shape[0] * image.shape[1] < IW_MIN_PIXELS:
            return False, None, None, False  # it raises on these: no bits to count
        bits = np.asarray(self.decoder.decode(np.ascontiguousarray(image[..., ::-1]), self.method), dtype=int)
        accuracy = float(np.mean(bits == np.asarray(self.bits(payload))))
        return accuracy == 1.0, accuracy, None, False


# ---------------------------------------------------------------- measuring

def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return math.inf if mse == 0 else 10 * math.log10(255.0 ** 2 / mse)


def robustness(corpus, methods, rows, rng, log):
    """Per method: PSNR per image and, per attack, one (decoded, accuracy, p, wrong) per image."""
    payloads = [int(p) for p in rng.integers(0, 2 ** 32, len(corpus), dtype=np.uint64)]
    results = {m.name: {"psnr": [], "attacks": {name: [] for name, _ in rows}} for m in methods}
    started = time.perf_counter()
    for index, ((name, image), payload) in enumerate(zip(corpus, payloads)):
        for method in methods:
            marked = method.embed(image, payload)
            results[method.name]["psnr"].append(psnr(marked, image))
            for attack_name, attack in rows:
                outcome = method.decode(attack(marked), payload)
                results[method.name]["attacks"][attack_name].append(outcome)
        log(f"[{index + 1}/{len(corpus)}] {name} {image.shape[1]}x{image.shape[0]} "
            f"({time.perf_counter() - started:.0f} s)")
    return results


def false_positives(images, ours, log):
    """Detections among unmarked images, the smallest p-value, and the best agreement of a
    code word the detector decoded by chance (p-values of 1 say little on their own)."""
    found, smallest, worst, closest = 0, 1.0, None, (0.0, 0, 0)
    started = time.perf_counter()
    for index, (name, image) in enumerate(images):
        detection = ours.detect(image)
        found += bool(detection.found)
        if detection.p_value < smallest:
            smallest, worst = float(detection.p_value), name
        matched, voted = detection.matched_bits, detection.voted_bits
        if voted and matched / voted > closest[0]:
            closest = (matched / voted, matched, voted)
        if (index + 1) % 200 == 0:
            log(f"unmarked [{index + 1}/{len(images)}] ({time.perf_counter() - started:.0f} s)")
    sizes = [image.shape[0] * image.shape[1] for _, image in images]
    return {"images": len(images), "detections": found, "smallest_p_value": smallest,
            "smallest_p_value_image": worst, "threshold": ours.threshold,
            "closest_chance_decode": {"matched_bits": closest[1], "voted_bits": closest[2]},
            "pixels_min": min(sizes) if sizes else 0, "pixels_max": max(sizes) if sizes else 0}


def speed(image, methods, repeats):
    """Median per-image embed and detect time, in ms, of each method on `image`."""
    timings = {}
    payload = 0x2026B00C
    for method in methods:
        embed, detect = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            marked = method.embed(image, payload)
            embed.append(time.perf_counter() - start)
            start = time.perf_counter()
            method.decode(marked, payload)
            detect.append(time.perf_counter() - start)
        timings[method.name] = {"embed_ms": 1e3 * float(np.median(embed)),
                                "detect_ms": 1e3 * float(np.median(detect))}
    return timings


def summarize(outcomes):
    """decoded fraction and mean bit accuracy (over the images that have one) of outcomes."""
    decoded = [o[0] for o in outcomes]
    accuracies = [o[1] for o in outcomes if o[1] is not None]
    return {"images": len(outcomes), "decoded": int(sum(decoded)),
            "decoded_rate": sum(decoded) / len(outcomes) if outcomes else None,
            "bit_accuracy": float(np.mean(accuracies)) if accuracies else None,
            "bit_accuracy_images": len(accuracies),
            "wrong_payloads": int(sum(o[3] for o in outcomes))}


def percent(value):
    return "n/a" if value is None else f"{100 * value:.1f}"


def markdown(report):
    methods = report["methods"]
    header = ["attack"] + [f"{m} {what}" for m in methods for what in ("decoded %", "bit acc %")]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for attack in report["attacks"]:
        cells = [attack]
        for m in methods:
            s = report["robustness"][m]["all"][attack]
            cells += [percent(s["decoded_rate"]), percent(s["bit_accuracy"])]
        lines.append("| " + " | ".join(cells) + " |")
    corpus = report["corpus"]
    lines.append("")
    lines.append(f"{corpus['images']} images ({corpus['photographs']} photographs, {corpus['generated']} "
                 f"generated grids; sides {corpus['side_min']} to {corpus['side_max']} px), a random "
                 f"32-bit payload each. Decoded: ours found it (p <= {report['false_positives']['threshold']:g}) "
                 "with the right payload; "
                 "invisible-watermark read all 32 bits right. Bit accuracy: ours, matched/voted bits "
                 "of the decoded code word, over the decoded images only (a failed decode reports "
                 "no bits); invisible-watermark, right bits of 32 over every image it could read.")
    wrong = {m: sum(s["wrong_payloads"] for s in report["robustness"][m]["all"].values()) for m in methods}
    lines.append(f"Ours reported a wrong payload as found {wrong['ours']} times in all.")
    too_small = [a for a in report["attacks"] if any(
        report["robustness"][m]["all"][a]["bit_accuracy_images"] < corpus["images"] for m in methods[1:])]
    if too_small:
        lines.append("invisible-watermark refuses images under 256x256 pixels (the cropped 256x256 "
                     f"grids), counted as not decoded: {', '.join(too_small)}.")
    lines.append("")
    lines.append("By corpus, decoded %:")
    lines.append("")
    header = ["attack"] + [f"{m} {kind}" for m in methods for kind in ("photos", "generated")]
    lines += ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for attack in report["attacks"]:
        cells = [attack] + [percent(report["robustness"][m][kind][attack]["decoded_rate"])
                            for m in methods for kind in ("photographs", "generated")]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    quality = ", ".join(f"{m} {report['psnr'][m]['mean']:.2f} dB mean / {report['psnr'][m]['min']:.2f} dB min"
                        for m in methods)
    lines.append(f"PSNR, marked against original (RGB): {quality}.")
    fp = report["false_positives"]
    lines.append(f"False positives (ours, threshold {fp['threshold']:g}): {fp['detections']} detections in "
                 f"{fp['images']} unmarked images and crops; smallest p-value {fp['smallest_p_value']:.3g}; "
                 f"closest chance decode {fp['closest_chance_decode']['matched_bits']} of "
                 f"{fp['closest_chance_decode']['voted_bits']} bits.")
    sp = report["speed"]
    timing = ", ".join(f"{m} {sp['methods'][m]['embed_ms']:.1f} ms embed / {sp['methods'][m]['detect_ms']:.1f} ms detect"
                       for m in methods)
    lines.append(f"Speed, {sp['image']}, median of {sp['repeats']}, one thread, same process: {timing}.")
    return "\n".join(lines)


def main(args):
    import cv2
    import likeness

    cv2.setNumThreads(args.threads)
    try:
        import torch

        torch.set_num_threads(args.threads)
    except ImportError:
        pass
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    rng = np.random.default_rng(args.seed)
    imagemagick = find_imagemagick(args.imagemagick)
    rows = attacks(imagemagick)

    faces, others = load_photos(args.cache)
    # A fifth generated, at least 20 (fewer only when fewer than 40 images are asked for).
    generated_count = max(args.images // 5, min(20, args.images // 2))
    photos = photo_corpus(faces, others, args.images - generated_count)
    grids = generated_grids(args.model, generated_count)
    corpus = photos + grids
    kinds = ["photographs"] * len(photos) + ["generated"] * len(grids)
    log(f"corpus: {len(photos)} photographs, {len(grids)} generated grids; "
        f"ImageMagick: {imagemagick or 'not used'}")

    ours = Ours(likeness.DEFAULT_WATERMARK_KEY)
    methods = [ours, InvisibleWatermark("dwtDct"), InvisibleWatermark("dwtDctSvd")]
    results = robustness(corpus, methods, rows, rng, log)

    sources = [(n, p) for n, p in faces + others if min(p.shape[:2]) >= 192] + grids
    fp = false_positives(unmarked_set(sources, args.false_positives, rng), ours, log)

    speed_image = square_crops(faces[0][1], 1024, False)[0]
    repeats = 2 if args.quick else 7
    timings = speed(speed_image, methods, repeats)

    sides = [s for _, image in corpus for s in image.shape[:2]]
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "command": " ".join([os.path.basename(sys.executable)] + sys.argv),
        "versions": {**{name: importlib.metadata.version(name) for name in (
                         "invisible-watermark", "opencv-python-headless", "PyWavelets", "scikit-image",
                         "numpy", "pillow")},
                     "likeness": likeness.__version__,
                     "imagemagick": subprocess.run([imagemagick, "-version"], capture_output=True, text=True)
                     .stdout.splitlines()[0] if imagemagick else None},
        "threads": args.threads,
        "corpus": {"images": len(corpus), "photographs": len(photos), "generated": len(grids),
                   "side_min": min(sides), "side_max": max(sides), "names": [n for n, _ in corpus]},
        "methods": [m.name for m in methods],
        "attacks": [name for name, _ in rows],
        "robustness": {
            m.name: {kind: {a: summarize([o for o, k in zip(results[m.name]["attacks"][a], kinds)
                                          if kind == "all" or k == kind]) for a, _ in rows}
                     for kind in ("all", "photographs", "generated")}
            for m in methods},
        "psnr": {m.name: {"mean": float(np.mean(results[m.name]["psnr"])), "min": float(np.min(results[m.name]["psnr"]))}
                 for m in methods},
        "p_values": {a: [o[2] for o in results["ours"]["attacks"][a]] for a, _ in rows},
        "false_positives": fp,
        "speed": {"image": "1024x1024 photograph crop", "repeats": repeats, "methods": timings},
    }
    table = markdown(report)
    print(table)
    if args.out:
        report["table"] = table
        with open(args.out, "w") as file:
            json.dump(report, file, indent=1)
    return report


if __name__ == "__main__":
    main(ARGS)
