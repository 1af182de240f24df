"""The UNet and the autoencoder against diffusers' UNet2DConditionModel and AutoencoderKL.

Usage: check_model_parity.py RUN_TINY_MODEL TINY_PIPELINES_DIR
For the UNets of the tiny txt2img and inpaint pipelines (make_tiny_pipelines.py) and their
autoencoder, diffusers loads the folder and run_tiny_model loads the same config.json and
safetensors; both run the same seeded inputs: the UNet on a batch of 2 with two different
timesteps (one fractional, as Karras-spaced samplers give) and a (2, 77, 32) context, square and
non-square (and an LCM-distilled variant of the txt2img UNet, time_cond_proj_dim 16, with the
guidance-scale embedding each side computes itself); the autoencoder encodes 64x64 and 64x96 images (mean and log-variance) and decodes
latents of both shapes.
Fresh weights (UNet::initialized, Autoencoder::initialized) for the same configs from a CPU
generator seeded like torch.manual_seed must equal the weights diffusers' constructors draw,
exactly: the same uniform draws in the same order.
Tolerance: the largest difference must stay below 2e-5 of the largest reference value. Both sides
run float32 libtorch kernels, but not always the same ones in the same order (diffusers calls
scaled-dot-product attention through its attention processor with other strides, and its
reshapes differ from ours), so sums round differently: a few float32 ulps per op, compounding
over the ~60 layers of the UNet to ~1e-6 relative; a wrong layer, norm, scale or order of blocks
gives errors of order 1e-1. (Measured on the development machine: no difference at all, every
output bit-identical, since each of our ops is the libtorch op diffusers calls.)
Exits 77, which ctest reports as skipped, when diffusers or the tiny pipelines are missing.
"""
import os
import subprocess
import sys
import tempfile

try:
    import torch
    from diffusers import AutoencoderKL, LatentConsistencyModelPipeline, UNet2DConditionModel
    from safetensors.torch import load_file, save_file
except ImportError as error:
    print(f"SKIP: {error}: diffusers is installed by scripts/setup.sh")
    sys.exit(77)

TOLERANCE = 2e-5


def run_ours(tool, kind, folder, inputs, work):
    inputs_path = os.path.join(work, "inputs.safetensors")
    outputs_path = os.path.join(work, "outputs.safetensors")
    save_file({k: v.contiguous() for k, v in inputs.items()}, inputs_path)
    subprocess.run([tool, kind, folder, inputs_path, outputs_path], check=True)
    return load_file(outputs_path)


def compare(what, ours, reference):
    error = (ours - reference).abs().max().item()
    scale = reference.abs().max().item()
    relative = error / scale
    print(f"{what}: max |ours - diffusers| = {error:.3g}, {relative:.3g} of the largest value {scale:.3g}")
    return relative <= TOLERANCE and ours.shape == reference.shape


def lcm_unet(folder, work):
    """The UNet of `folder` made LCM-distilled: a guidance projection added, saved in `work`."""
    torch.manual_seed(1)
    unet = UNet2DConditionModel.from_config(UNet2DConditionModel.load_config(folder), time_cond_proj_dim=16)
    path = os.path.join(work, "lcm_unet")
    unet.save_pretrained(path, safe_serialization=True)
    return path


def check_unet(tool, folder, work):
    unet = UNet2DConditionModel.from_pretrained(folder).eval()
    ok = True
    for seed, (h, w) in enumerate(((8, 8), (8, 12))):
        generator = torch.Generator().manual_seed(seed)
        inputs = {
            "sample": torch.randn((2, unet.config.in_channels, h, w), generator=generator),
            "timesteps": torch.tensor([981.0, 37.25]),
            "context": torch.randn((2, 77, unet.config.cross_attention_dim), generator=generator),
        }
        cond = None
        if unet.config.time_cond_proj_dim:
            inputs["guidance"] = torch.tensor([8.0, 2.5])
            cond = LatentConsistencyModelPipeline.get_guidance_scale_embedding(
                None, inputs["guidance"], embedding_dim=unet.config.time_cond_proj_dim)
        with torch.no_grad():
            reference = unet(inputs["sample"], inputs["timesteps"], inputs["context"],
                             timestep_cond=cond).sample
        ours = run_ours(tool, "unet", folder, inputs, work)["out"]
        ok &= compare(f"{folder} {h}x{w}", ours, reference)
    return ok


def check_vae(tool, folder, work):
    vae = AutoencoderKL.from_pretrained(folder).eval()
    ok = True
    for seed, (h, w) in enumerate(((64, 64), (64, 96))):
        generator = torch.Generator().manual_seed(10 + seed)
        inputs = {
            "images": torch.rand((2, 3, h, w), generator=generator) * 2 - 1,
            "latents": torch.randn((2, 4, h // 8, w // 8), generator=generator),
        }
        with torch.no_grad():
            distribution = vae.encode(inputs["images"]).latent_dist
            decoded = vae.decode(inputs["latents"]).sample
        ours = run_ours(tool, "vae", folder, inputs, work)
        ok &= compare(f"{folder} encode {h}x{w} mean", ours["mean"], distribution.mean)
        ok &= compare(f"{folder} encode {h}x{w} logvar", ours["logvar"], distribution.logvar)
        ok &= compare(f"{folder} decode {h // 8}x{w // 8}", ours["decoded"], decoded)
    return ok


def check_initialization(tool, kind, model_class, folder, work):
    seed = 1234
    path = os.path.join(work, "init.safetensors")
    subprocess.run([tool, f"{kind}-init", folder, str(seed), path], check=True)
    ours = load_file(path)
    torch.manual_seed(seed)
    reference = model_class.from_config(model_class.load_config(folder)).state_dict()
    if set(ours) != set(reference):
        print(f"{folder}: fresh weights have other names: {sorted(set(ours) ^ set(reference))[:5]}")
        return False
    different = [name for name in reference if not torch.equal(ours[name], reference[name])]
    print(f"{folder}: fresh weights for seed {seed}: {len(reference) - len(different)} of "
          f"{len(reference)} tensors equal diffusers' {different[:3] if different else ''}")
    return not different


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    tool, pipelines = sys.argv[1:]
    if not os.path.isdir(os.path.join(pipelines, "txt2img")):
        print(f"SKIP: no tiny pipelines in {pipelines}")
        return 77
    torch.set_grad_enabled(False)
    ok = True
    with tempfile.TemporaryDirectory() as work:
        for name in ("txt2img", "inpaint"):
            ok &= check_unet(tool, os.path.join(pipelines, name, "unet"), work)
        ok &= check_unet(tool, lcm_unet(os.path.join(pipelines, "txt2img", "unet"), work), work)
        ok &= check_vae(tool, os.path.join(pipelines, "txt2img", "vae"), work)
        ok &= check_initialization(tool, "unet", UNet2DConditionModel, os.path.join(pipelines, "inpaint", "unet"), work)
        ok &= check_initialization(tool, "vae", AutoencoderKL, os.path.join(pipelines, "txt2img", "vae"), work)
    print("all within tolerance" if ok else f"FAILED: beyond {TOLERANCE} relative")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
