"""Portraits for a cast of game characters from one Stable Diffusion 1.x model, in one style.

    python examples/python/npc_portraits.py MODEL --out portraits/ [--steps 25] [--seed 100]

Each character gets the shared style and negative prompt around its own description, and its
own seed (seed, seed + 1, ...), so one portrait can be redone alone with its seed. Every file says
it is synthetic, with the prompt and seed that made it; a strip of all of them goes beside.
"""

import argparse
import os

import numpy as np

import likeness

CAST = {
    "blacksmith": "a burly middle-aged blacksmith with a soot-streaked face and a braided beard",
    "herbalist": "an elderly herbalist woman with silver hair and kind, wrinkled eyes",
    "captain": "a young city guard captain with short red hair and a scar across one cheek",
    "innkeeper": "a cheerful round-faced innkeeper with rosy cheeks and a wide smile",
}
STYLE = "fantasy portrait of {}, (head and shoulders:1.2), oil painting, soft rim light"
NEGATIVE = "blurry, lowres, text, watermark, deformed hands"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="a diffusers folder or a .safetensors checkpoint")
    parser.add_argument("--out", default="portraits")
    parser.add_argument("--steps", type=int, default=25)
    parser.add_argument("--seed", type=int, default=100)
    parser.add_argument("--size", type=int, default=None, help="side in pixels (model's own)")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()

    model = likeness.Diffusion.load(args.model, device=args.device)
    os.makedirs(args.out, exist_ok=True)
    portraits = []
    for i, (name, description) in enumerate(CAST.items()):
        prompt, seed = STYLE.format(description), args.seed + i
        image = model.generate(prompt=prompt, negative_prompt=NEGATIVE, seed=seed,
                               steps=args.steps, width=args.size, height=args.size)[0]
        path = os.path.join(args.out, f"{name}.png")
        likeness.save_image(image, path, provenance=model.provenance(seed=seed, prompt=prompt))
        portraits.append(image)
        print(f"{name}: seed {seed}, {image.shape[1]}x{image.shape[0]} -> {path}")
    strip = os.path.join(args.out, "cast.png")
    likeness.save_image(np.concatenate(portraits, axis=1), strip, provenance=model.provenance())
    print(f"{len(portraits)} portraits by {model} -> {strip}")


if __name__ == "__main__":
    main()
