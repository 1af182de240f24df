"""The pipelines against diffusers': whole text-to-image, image-to-image and inpainting runs of the
tiny SD 1.x pipelines (make_tiny_pipelines.py), each sampler, images compared pixel by pixel.

Usage: check_pipeline_parity.py RUN_PIPELINE TINY_PIPELINES_DIR SINGLE_FILES_DIR WORK_DIR
For each case, diffusers' StableDiffusionPipeline, StableDiffusionImg2ImgPipeline or
StableDiffusionInpaintPipeline (from the tiny folder, with the scheduler our sampler reproduces,
a list of CPU generators seeded seed, seed + 1, ..., output_type "np") and run_pipeline make the
same request. The images (in [0, 1]) must agree within TOLERANCE. Both sides run the same float32
libtorch operations on the CPU on the same inputs from the same noise, and the images come out
identical to the last bit; only where our batch meets diffusers' separate runs (below) do the
convolutions' batch sizes differ, which moves pixels by a few 1e-6. 1e-5 keeps that within bounds
while a wrong scaling, a swapped guidance half or a noise drawn out of order moves pixels by 1e-2
or more.

The single-file cases load the tiny pipelines as LDM single files (SINGLE_FILES_DIR, from
write_single_files.py) on our side, and the folders they were written from on diffusers'.

Inpainting with a batch: diffusers draws the image's and the masked image's latents from the first
generator alone for the whole batch; ours draw each image's from its own generator (as diffusers'
image-to-image does), so that image i is the image made alone with seed + i. Those cases compare
our batch with diffusers run once per image.
Exits 77, which ctest reports as skipped, when diffusers is missing.
"""
import functools
import json
import os
import subprocess
import sys

try:
    import numpy as np
    import torch
    from diffusers import StableDiffusionImg2ImgPipeline, StableDiffusionInpaintPipeline, StableDiffusionPipeline
    from diffusers.utils import logging
    from safetensors.torch import load_file, save_file
except ImportError as error:
    print(f"SKIP: {error}: diffusers is installed by scripts/setup.sh")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_sampler_parity import make_scheduler  # noqa: E402

TOLERANCE = 1e-5
PROMPT = "a portrait photo of a smiling woman with freckles, soft light"
NEGATIVE = "blurry, low quality"

TXT2IMG = dict(model="txt2img", pipeline="txt2img", prompt=PROMPT, negative_prompt=NEGATIVE, steps=5,
               guidance_scale=7.5, seed=7, batch=2)
CASES = [
    dict(TXT2IMG, name="ddpm", sampler="ddpm"),
    dict(TXT2IMG, name="ddim eta 0", sampler="ddim"),
    dict(TXT2IMG, name="ddim eta 1", sampler="ddim", eta=1.0),
    dict(TXT2IMG, name="euler", sampler="euler"),
    dict(TXT2IMG, name="euler karras", sampler="euler", karras=True),
    dict(TXT2IMG, name="euler ancestral", sampler="euler_ancestral"),
    dict(TXT2IMG, name="dpm++ 2m", sampler="dpmpp_2m"),
    dict(TXT2IMG, name="dpm++ 2m karras", sampler="dpmpp_2m", karras=True),
    dict(TXT2IMG, name="lcm", sampler="lcm", steps=4),
    dict(TXT2IMG, name="empty prompt, no guidance, 96x64", sampler="euler_ancestral", prompt="", negative_prompt="",
         guidance_scale=1.0, batch=1, width=96, height=64),
    dict(TXT2IMG, name="empty prompt with guidance", sampler="dpmpp_2m", prompt="", negative_prompt=""),
    dict(TXT2IMG, name="img2img strength 0.5", pipeline="img2img", sampler="euler_ancestral", steps=6, strength=0.5),
    dict(TXT2IMG, name="img2img strength 0.8", pipeline="img2img", sampler="dpmpp_2m", steps=6, strength=0.8),
    dict(TXT2IMG, name="img2img ddim 0.8", pipeline="img2img", sampler="ddim", eta=1.0, steps=6, strength=0.8),
    dict(TXT2IMG, name="inpaint 9-ch", model="inpaint", pipeline="inpaint", sampler="euler_ancestral", strength=1.0,
         batch=1),
    dict(TXT2IMG, name="inpaint 9-ch strength 0.7", model="inpaint", pipeline="inpaint", sampler="ddim", eta=1.0,
         steps=6, strength=0.7, batch=1),
    dict(TXT2IMG, name="inpaint 9-ch batch 2", model="inpaint", pipeline="inpaint", sampler="dpmpp_2m",
         strength=0.8, steps=6, batch=2),
    dict(TXT2IMG, name="inpaint 4-ch", pipeline="inpaint", sampler="euler_ancestral", strength=1.0, batch=1),
    dict(TXT2IMG, name="inpaint 4-ch strength 0.75", pipeline="inpaint", sampler="dpmpp_2m", steps=8,
         strength=0.75, batch=1),
    dict(TXT2IMG, name="inpaint 4-ch batch 2", pipeline="inpaint", sampler="ddpm", strength=1.0, batch=2),
    dict(TXT2IMG, name="lcm-distilled unet, guidance 8", model="lcm_distilled", sampler="lcm", steps=4,
         guidance_scale=8.0),
    dict(TXT2IMG, name="single file", sampler="euler_ancestral", single_file=True),
    dict(TXT2IMG, name="single file inpaint 9-ch", model="inpaint", pipeline="inpaint", sampler="dpmpp_2m",
         strength=1.0, batch=1, single_file=True),
]

PIPELINES = {"txt2img": StableDiffusionPipeline, "img2img": StableDiffusionImg2ImgPipeline,
             "inpaint": StableDiffusionInpaintPipeline}


def lcm_distilled_model(tiny_dir, work):
    """The tiny txt2img pipeline with an LCM-distilled UNet: the guidance scale's embedding added to
    the timestep's (time_cond_proj_dim), random weights from torch.manual_seed(0)."""
    from diffusers import UNet2DConditionModel

    folder = os.path.join(work, "lcm_distilled")
    base = loaded(os.path.join(tiny_dir, "txt2img"))
    torch.manual_seed(0)
    unet = UNet2DConditionModel.from_config({**base.unet.config, "time_cond_proj_dim": 32})
    StableDiffusionPipeline(**{**base.components, "unet": unet}).save_pretrained(folder, safe_serialization=True)
    return folder


def inputs(height, width):
    """A smooth random image in [0, 1] and a mask with soft edges (values either side of 0.5)."""
    generator = torch.Generator().manual_seed(1234)
    coarse = torch.rand((1, 3, height // 8, width // 8), generator=generator)
    image = torch.nn.functional.interpolate(coarse, size=(height, width), mode="bilinear", align_corners=False)
    mask = torch.zeros((1, 1, height, width))
    mask[:, :, height // 4 - 2:3 * height // 4 + 2, width // 8 - 2:5 * width // 8 + 2] = 0.3
    mask[:, :, height // 4:3 * height // 4, width // 8:5 * width // 8] = 0.7
    return image.clamp(0, 1), mask


@functools.lru_cache(maxsize=None)
def loaded(folder):
    return StableDiffusionPipeline.from_pretrained(folder)


def reference(case, folder, image, mask):
    base = loaded(folder)
    scheduler = make_scheduler(case["sampler"], "epsilon", case.get("karras", False))
    pipe = PIPELINES[case["pipeline"]](**{**base.components, "scheduler": scheduler})
    pipe.set_progress_bar_config(disable=True)
    kwargs = dict(prompt=case["prompt"], negative_prompt=case["negative_prompt"],
                  num_inference_steps=case["steps"], guidance_scale=case["guidance_scale"],
                  eta=case.get("eta", 0.0), output_type="np")
    if case["pipeline"] != "img2img":
        kwargs.update(height=case.get("height", 64), width=case.get("width", 64))
    if case["pipeline"] != "txt2img":
        kwargs.update(image=image, strength=case["strength"])
    if case["pipeline"] == "inpaint":
        kwargs.update(mask_image=mask)
        runs = [[case["seed"] + i] for i in range(case["batch"])]
    else:
        runs = [[case["seed"] + i for i in range(case["batch"])]]
    images = []
    for seeds in runs:
        generators = [torch.Generator().manual_seed(seed) for seed in seeds]
        images.append(pipe(**kwargs, generator=generators, num_images_per_prompt=len(seeds)).images)
    return np.concatenate(images)


def ours(tool, case, model, work, image, mask):
    request = {key: case[key] for key in ("prompt", "negative_prompt", "steps", "guidance_scale", "seed", "batch",
                                          "sampler")}
    request.update(width=case.get("width", 64), height=case.get("height", 64), karras=case.get("karras", False),
                   eta=case.get("eta", 0.0), strength=case.get("strength", 1.0),
                   tokenizer_dir=case.get("tokenizer_dir", ""))
    if case["pipeline"] != "txt2img":
        tensors = {"init_image": image[0].contiguous()}
        if case["pipeline"] == "inpaint":
            tensors["mask"] = mask[0].contiguous()
        request["inputs"] = os.path.join(work, "inputs.safetensors")
        save_file(tensors, request["inputs"])
    request_path, out = os.path.join(work, "request.json"), os.path.join(work, "images.safetensors")
    with open(request_path, "w") as f:
        json.dump(request, f)
    subprocess.run([tool, model, request_path, out], check=True)
    return load_file(out)["images"].permute(0, 2, 3, 1).numpy()


def main(tool, tiny_dir, single_files_dir, work):
    logging.set_verbosity_error()
    os.makedirs(work, exist_ok=True)
    failures = []
    print(f"{'case':36} {'max |ours - diffusers|':>24}")
    for case in CASES:
        folder = model = os.path.join(tiny_dir, case["model"])
        if case.get("single_file"):
            model = os.path.join(single_files_dir, case["model"] + ".safetensors")
            case = dict(case, tokenizer_dir=os.path.join(tiny_dir, "txt2img", "tokenizer"))
        elif case["model"] == "lcm_distilled":
            folder = model = lcm_distilled_model(tiny_dir, work)
        image, mask = inputs(case.get("height", 64), case.get("width", 64))
        theirs = reference(case, folder, image, mask)
        mine = ours(tool, case, model, work, image, mask)
        if mine.shape != theirs.shape:
            failures.append(f"{case['name']}: shape {mine.shape}, diffusers {theirs.shape}")
            continue
        worst = float(np.abs(mine - theirs).max())
        print(f"{case['name']:36} {worst:24.3g}")
        if not worst <= TOLERANCE:
            failures.append(f"{case['name']}: images differ by up to {worst:.3g}")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
