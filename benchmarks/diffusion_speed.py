"""Text-to-image on the CPU against diffusers, in the same run and with the same thread count.

Usage: diffusion_speed.py DIFFUSION_BENCH TINY_PIPELINE [--repetitions N]
Writes the "small" model (random weights, SD 1.x layout: UNet widths 64-128-256-256, cross-attention
256, 32x32 latents, 256x256 images) into benchmarks/cache/diffusion_small/ when it is not there,
runs DIFFUSION_BENCH (benchmarks/diffusion_bench.cpp) on the tiny test model and the small one,
then times diffusers' StableDiffusionPipeline on the same folders making the same request (DPM++ 2M,
4 steps, guidance 7.5 with a negative prompt, one image, output_type "np") with torch's thread
count set to the benchmark's. Prints a Markdown table: medians of wall and process CPU time (all
threads) on both sides, and diffusers' over ours (above 1: ours is faster). On a loaded machine
wall time mostly measures the waiting; CPU time is then the fairer comparison.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "diffusion"))
SMALL = os.path.join(ROOT, "benchmarks", "cache", "diffusion_small")
SMALL_SIZES = dict(unet_channels=(64, 128, 256, 256), sample_size=32, width=256, heads=8, groups=32,
                   vae_channels=(32, 64, 128, 128), vae_layers=2, text_layers=4, text_heads=8)
REQUEST = dict(prompt="a portrait photo of a smiling woman with freckles, soft light",
               negative_prompt="blurry, low quality", num_inference_steps=4, guidance_scale=7.5)


def write_small(tiny):
    from diffusers import StableDiffusionPipeline
    from make_tiny_pipelines import components
    from transformers import CLIPTokenizer

    unet, vae, text_encoder, scheduler = components(4, **SMALL_SIZES)
    tokenizer = CLIPTokenizer.from_pretrained(os.path.join(tiny, "tokenizer"))
    pipe = StableDiffusionPipeline(vae=vae, text_encoder=text_encoder, tokenizer=tokenizer, unet=unet,
                                   scheduler=scheduler, safety_checker=None, feature_extractor=None,
                                   requires_safety_checker=False)
    pipe.save_pretrained(SMALL, safe_serialization=True)


def diffusers_ms(folder, threads, repetitions):
    """Median wall and process CPU milliseconds of diffusers making the request."""
    import torch
    from check_sampler_parity import make_scheduler
    from diffusers import StableDiffusionPipeline
    from diffusers.utils import logging

    logging.set_verbosity_error()
    torch.set_num_threads(threads)
    base = StableDiffusionPipeline.from_pretrained(folder)
    pipe = StableDiffusionPipeline(**{**base.components, "scheduler": make_scheduler("dpmpp_2m", "epsilon", False)})
    pipe.set_progress_bar_config(disable=True)

    def once():
        wall, cpu = time.perf_counter(), time.process_time()
        pipe(**REQUEST, generator=[torch.Generator().manual_seed(7)], output_type="np")
        return (time.perf_counter() - wall) * 1e3, (time.process_time() - cpu) * 1e3

    once()  # warm-up, as Google Benchmark's first iterations warm ours
    runs = [once() for _ in range(repetitions)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bench")
    parser.add_argument("tiny")
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(SMALL, "model_index.json")):
        write_small(args.tiny)
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "diffusion_bench.json")
        subprocess.run([args.bench, f"--benchmark_out={out}", "--benchmark_out_format=json",
                        f"--benchmark_repetitions={args.repetitions}", "--benchmark_report_aggregates_only=true"],
                       check=True, stdout=subprocess.DEVNULL)
        runs = json.load(open(out))["benchmarks"]
    ours = {}
    for run in runs:
        if run.get("aggregate_name") == "median" and "error_occurred" not in run:
            factor = {"ms": 1.0, "us": 1e-3, "ns": 1e-6, "s": 1e3}[run["time_unit"]]
            ours[run["run_name"].split("/")[0]] = (run["real_time"] * factor, run["cpu_time"] * factor,
                                                   int(run["torch_threads"]), int(run["width"]))
    print("| model | image | threads | SDK wall / CPU (ms) | diffusers wall / CPU (ms) | diffusers / SDK, wall | CPU |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, folder in (("BM_GenerateTiny", args.tiny), ("BM_GenerateSmall", SMALL)):
        if name not in ours:
            print(f"{name} did not run")
            return 1
        wall, cpu, threads, width = ours[name]
        their_wall, their_cpu = diffusers_ms(folder, threads, args.repetitions)
        label = name[len("BM_Generate"):].lower()
        print(f"| {label} | {width}x{width} | {threads} | {wall:.1f} / {cpu:.1f} | {their_wall:.1f} / {their_cpu:.1f} "
              f"| {their_wall / wall:.2f}x | {their_cpu / cpu:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
