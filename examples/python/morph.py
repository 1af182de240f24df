"""A morph between two seeds of a StyleGAN2 generator, as one strip of frames.

    python examples/python/morph.py MODEL --from 3 --to 17 --steps 8 --out morph.png
"""

import argparse

import numpy as np

import likeness


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--from", dest="seed_a", type=int, default=3)
    parser.add_argument("--to", dest="seed_b", type=int, default=17)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--space", choices=["w", "z"], default="z")
    parser.add_argument("--out", default="morph.png")
    args = parser.parse_args()

    gan = likeness.Gan.load(args.model)
    frames = gan.interpolate(args.seed_a, args.seed_b, steps=args.steps, space=args.space)
    likeness.save_image(np.concatenate(list(frames), axis=1), args.out)
    print(f"{gan}: {len(frames)} frames from seed {args.seed_a} to {args.seed_b} -> {args.out}")


if __name__ == "__main__":
    main()
