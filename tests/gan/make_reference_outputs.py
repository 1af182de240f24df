"""Writes the StyleGAN2 parity fixtures under tests/data/gan/: two tiny generators with random
weights, built by NVIDIA's own stylegan2-ada-pytorch code and saved in Likeness's generator
format, and what NVIDIA's code computes from them (tests/gan/generator_test.cpp must match it).

    .venv/bin/python tests/gan/make_reference_outputs.py PATH/TO/stylegan2-ada-pytorch [OUTPUT_DIR]

Only the data this writes enters the repository; NVIDIA's code is imported from the checkout
given, never copied.

For each generator NAME it writes NAME.safetensors (the generator) and NAME_expected.safetensors:
the inputs z (and c), the ws that mapping returns for each case of "mapping_cases", and the
images that synthesis returns for each case of "synthesis_cases" (both metadata entries are JSON
lists).
"""

import json
import pathlib
import sys
import types

import torch
from safetensors.torch import save_file

CONFIGS = {
    # Conditional, clamped hard enough that the clamp is reached, fp16 requested for the two
    # highest resolutions (which float32 inference ignores).
    "tiny_conditional_16": dict(
        z_dim=32, c_dim=4, w_dim=32, img_resolution=16, img_channels=3,
        mapping_kwargs=dict(num_layers=2),
        synthesis_kwargs=dict(channel_base=128, channel_max=32, num_fp16_res=2, conv_clamp=1.5)),
    # Unconditional, unclamped, with a mapping network narrower inside than w_dim.
    "tiny_unconditional_32": dict(
        z_dim=32, c_dim=0, w_dim=32, img_resolution=32, img_channels=3,
        mapping_kwargs=dict(num_layers=3, layer_features=24),
        synthesis_kwargs=dict(channel_base=256, channel_max=32)),
    # No noise inputs, and a filter long enough (8 taps) that NVIDIA keeps it separable (1-D).
    "tiny_noiseless_separable_8": dict(
        z_dim=16, c_dim=0, w_dim=16, img_resolution=8, img_channels=3,
        mapping_kwargs=dict(num_layers=1),
        synthesis_kwargs=dict(channel_base=64, channel_max=16, use_noise=False,
                              resample_filter=[1, 2, 3, 4, 4, 3, 2, 1])),
}

BATCH = 3
MAPPING_CASES = [
    dict(name="ws_psi1", psi=1.0, cutoff=None),
    dict(name="ws_psi0.7", psi=0.7, cutoff=None),
    dict(name="ws_psi0.7_cutoff2", psi=0.7, cutoff=2),
]
SYNTHESIS_CASES = [
    dict(name="img_psi1_const", ws="ws_psi1", noise_mode="const"),
    dict(name="img_psi1_none", ws="ws_psi1", noise_mode="none"),
    dict(name="img_psi0.7_cutoff2_const", ws="ws_psi0.7_cutoff2", noise_mode="const"),
]


def import_networks(checkout):
    """NVIDIA's training.networks module from the checkout given."""
    # dnnlib imports `requests` for downloads that building a network never makes.
    sys.modules.setdefault("requests", types.ModuleType("requests"))
    sys.path.insert(0, str(checkout))
    from training import networks
    return networks


def output_folder():
    """The folder given after the checkout, or tests/data/gan."""
    default = pathlib.Path(__file__).resolve().parents[1] / "data/gan"
    output = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else default
    output.mkdir(parents=True, exist_ok=True)
    return output


def randomize(network, seed):
    """Gives every parameter and buffer that starts out constant (biases, noise strengths, w_avg)
    random values, so that a term dropped or misplaced in inference shows up in the outputs."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, tensor in network.state_dict().items():
            if name.endswith("resample_filter"):
                continue  # a fixed low-pass filter, derived from the config
            if name.endswith("affine.bias"):
                tensor.copy_(1 + 0.2 * torch.randn(tensor.shape, generator=g))
            elif name.endswith(("bias", "noise_strength")):
                tensor.copy_(0.2 * torch.randn(tensor.shape, generator=g))
            elif name == "mapping.w_avg":
                tensor.copy_(torch.randn(tensor.shape, generator=g))
            else:
                tensor.copy_(torch.randn(tensor.shape, generator=g) * tensor.std().clamp(min=1))


def main():
    Generator = import_networks(pathlib.Path(sys.argv[1])).Generator
    output = output_folder()

    for seed, (name, config) in enumerate(CONFIGS.items()):
        torch.manual_seed(1000 + seed)
        generator = Generator(**config).eval()
        randomize(generator, 2000 + seed)
        state = {k: v.detach().contiguous() for k, v in generator.state_dict().items()}
        save_file(state, str(output / f"{name}.safetensors"), metadata={
            "likeness.format": "stylegan2-generator",
            "likeness.config": json.dumps(config),
        })

        g = torch.Generator().manual_seed(3000 + seed)
        inputs = {"z": torch.randn([BATCH, config["z_dim"]], generator=g)}
        c = None
        if config["c_dim"] > 0:
            c = torch.randn([BATCH, config["c_dim"]], generator=g)
            inputs["c"] = c
        expected = dict(inputs)
        with torch.no_grad():
            for case in MAPPING_CASES:
                expected[case["name"]] = generator.mapping(
                    inputs["z"], c, truncation_psi=case["psi"],
                    truncation_cutoff=case["cutoff"])
            for case in SYNTHESIS_CASES:
                # force_fp32: Likeness computes in float32 throughout, whatever num_fp16_res says.
                expected[case["name"]] = generator.synthesis(
                    expected[case["ws"]], noise_mode=case["noise_mode"], force_fp32=True)
        save_file({k: v.contiguous() for k, v in expected.items()},
                  str(output / f"{name}_expected.safetensors"), metadata={
                      "mapping_cases": json.dumps(MAPPING_CASES),
                      "synthesis_cases": json.dumps(SYNTHESIS_CASES),
                  })
        print(f"wrote {name}: {sum(v.numel() for v in state.values())} weights")


if __name__ == "__main__":
    main()
