"""The shipped text-to-image model as diffusers runs it: does it draw what each prompt names?

usage: check_prompt_following.py MODEL_FOLDER GRID.png

A small CNN learns Fashion-MNIST's classes from the training split (checked on the test split);
diffusers' StableDiffusionPipeline then draws 8 images (seeds 0-7) for each class's canonical
prompt ("a photo of a sneaker") with DPM++ 2M, 20 steps, guidance 4, and the CNN judges them.
Most must be of the prompted class (chance is 10%). The 10 x 8 images are written as one grid,
prompts by rows, each image doubled. Exit 77 (skip) without diffusers or Fashion-MNIST.
"""
import gzip
import os
import sys

FASHION = "/usr/share/datasets/fashion-mnist/"
PROMPTS = ["a photo of a t-shirt", "a photo of a pair of trousers", "a photo of a pullover",
           "a photo of a dress", "a photo of a coat", "a photo of a sandal", "a photo of a shirt",
           "a photo of a sneaker", "a photo of a bag", "a photo of an ankle boot"]

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
    from diffusers import DPMSolverMultistepScheduler, StableDiffusionPipeline
    from PIL import Image
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)
if not os.path.exists(FASHION + "t10k-labels-idx1-ubyte.gz"):
    print("skipped: Fashion-MNIST is not installed (Debian's dataset-fashion-mnist)")
    sys.exit(77)


def idx(name, offset):
    with gzip.open(FASHION + name) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def images(name):
    raw = idx(name, 16).reshape(-1, 1, 28, 28)
    return torch.tensor(np.pad(raw, ((0, 0), (0, 0), (2, 2), (2, 2)))).float() / 127.5 - 1


def labels(name):
    return torch.tensor(idx(name, 8).astype(np.int64))


def main():
    model, grid_path = sys.argv[1], sys.argv[2]
    torch.set_num_threads(1)
    torch.manual_seed(3)
    x, y = images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz")
    cnn = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(32 * 8 * 8, 10))
    optimizer = torch.optim.Adam(cnn.parameters(), 2e-3)
    for _ in range(400):
        i = torch.randint(0, len(x), (128,))
        loss = F.cross_entropy(cnn(x[i]), y[i])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        test = images("t10k-images-idx3-ubyte.gz")
        accuracy = (cnn(test).argmax(1) == labels("t10k-labels-idx1-ubyte.gz")).float().mean().item()
    print(f"classifier accuracy on the test split: {100 * accuracy:.1f}%")
    if accuracy < 0.8:
        print("the classifier is too weak to judge")
        return 1

    pipe = StableDiffusionPipeline.from_pretrained(model, safety_checker=None,
                                                   requires_safety_checker=False,
                                                   torch_dtype=torch.float32)
    pipe.scheduler = DPMSolverMultistepScheduler.from_config(pipe.scheduler.config)
    pipe.set_progress_bar_config(disable=True)
    right, rows = 0, []
    for label, prompt in enumerate(PROMPTS):
        out = pipe(prompt, height=32, width=32, num_inference_steps=20, guidance_scale=4.0,
                   num_images_per_prompt=8,
                   generator=[torch.Generator().manual_seed(seed) for seed in range(8)],
                   output_type="pt").images
        rows.append(out)
        with torch.no_grad():
            predicted = cnn(out.mean(1, keepdim=True) * 2 - 1).argmax(1)
        right += int((predicted == label).sum())
        print(f"{prompt:<32} classified as {predicted.tolist()}")
    grid = torch.cat(rows).view(10, 8, 3, 32, 32).permute(0, 3, 1, 4, 2).reshape(320, 256, 3)
    Image.fromarray((grid * 255).round().byte().numpy()).resize((512, 640), Image.NEAREST).save(grid_path)
    print(f"prompt following: {right} of 80 images of the prompted class (chance 8); grid {grid_path}")
    return 0 if right > 40 else 1


if __name__ == "__main__":
    sys.exit(main())
