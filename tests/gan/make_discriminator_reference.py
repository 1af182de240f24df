"""Writes the discriminator parity fixtures under tests/data/gan/: tiny discriminators with random
weights built by NVIDIA's own stylegan2-ada-pytorch code, saved as Likeness discriminator files,
and what NVIDIA's code computes from them (tests/gan/discriminator_test.cpp must match it): the
logits for random images (and labels), and the gradient of their sum with respect to the images,
which is what R1 regularization differentiates once more.

    .venv/bin/python tests/gan/make_discriminator_reference.py PATH/TO/stylegan2-ada-pytorch [OUTPUT_DIR]

Only the data this writes enters the repository; NVIDIA's code is imported from the checkout
given, never copied.
"""

import json
import pathlib
import sys
import types

import torch
from safetensors.torch import save_file

CONFIGS = {
    # Unconditional, clamped hard enough to bite, minibatch-stddev groups of 2 over a batch of 4.
    "disc_unconditional_16": dict(
        c_dim=0, img_resolution=16, img_channels=3, channel_base=128, channel_max=32,
        conv_clamp=2.0, epilogue_kwargs=dict(mbstd_group_size=2)),
    # Conditional (label projection through a 2-layer mapping), one grey channel, two mbstd
    # features, a non-default filter.
    "disc_conditional_8": dict(
        c_dim=5, img_resolution=8, img_channels=1, channel_base=64, channel_max=16,
        mapping_kwargs=dict(num_layers=2),
        block_kwargs=dict(resample_filter=[1, 2, 1]),
        epilogue_kwargs=dict(mbstd_group_size=4, mbstd_num_channels=2)),
}

BATCH = 4


def import_discriminator(checkout):
    # dnnlib imports `requests` for downloads that building a network never makes.
    sys.modules.setdefault("requests", types.ModuleType("requests"))
    sys.path.insert(0, str(checkout))
    from training.networks import Discriminator
    return Discriminator


def randomize(network, seed):
    """Random values for the tensors that start out constant (biases), so that a bias dropped or
    misplaced shows up in the outputs."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, tensor in network.state_dict().items():
            if name.endswith("resample_filter"):
                continue
            if name.endswith("bias"):
                tensor.copy_(0.2 * torch.randn(tensor.shape, generator=g))
            else:
                tensor.copy_(torch.randn(tensor.shape, generator=g) * tensor.std().clamp(min=1))


def main():
    checkout = pathlib.Path(sys.argv[1])
    default = pathlib.Path(__file__).resolve().parents[1] / "data/gan"
    output = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else default
    output.mkdir(parents=True, exist_ok=True)
    Discriminator = import_discriminator(checkout)

    for seed, (name, config) in enumerate(CONFIGS.items()):
        torch.manual_seed(4000 + seed)
        network = Discriminator(**config).eval()
        randomize(network, 5000 + seed)
        state = {k: v.detach().contiguous() for k, v in network.state_dict().items()}
        save_file(state, str(output / f"{name}.safetensors"), metadata={
            "likeness.format": "stylegan2-discriminator",
            "likeness.config": json.dumps(config),
        })

        g = torch.Generator().manual_seed(6000 + seed)
        res, channels = config["img_resolution"], config["img_channels"]
        img = torch.randn([BATCH, channels, res, res], generator=g).requires_grad_(True)
        c = torch.randn([BATCH, config["c_dim"]], generator=g) if config["c_dim"] else None
        logits = network(img, c)
        (grad,) = torch.autograd.grad(logits.sum(), img)
        expected = {"img": img.detach(), "logits": logits.detach(), "img_grad": grad}
        if c is not None:
            expected["c"] = c
        save_file({k: v.contiguous() for k, v in expected.items()},
                  str(output / f"{name}_expected.safetensors"))
        print(f"wrote {name}: {sum(v.numel() for v in state.values())} weights")


if __name__ == "__main__":
    main()
