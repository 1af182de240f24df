"""The UNet and the autoencoder on the CPU against diffusers, same models, inputs and threads.

Usage: diffusion_models_speed.py DIFFUSION_MODELS_BENCH [THREADS]
Runs diffusion_models_bench (Google Benchmark, real time) and times diffusers' UNet2DConditionModel
and AutoencoderKL on the same configurations and input shapes (see the benchmark's header) in the
same process tree, one after the other, with the same number of ATen threads (default: all).
Prints a Markdown table: per model and dtype, both sides' wall and process CPU times and
diffusers' over ours (above 1: ours is faster). On a loaded machine wall time mostly measures the
waiting; CPU time (all threads of the process) is then the fairer comparison.
"""
import json
import statistics
import subprocess
import sys
import time

import torch
from diffusers import AutoencoderKL, UNet2DConditionModel


def median_ms(run, repeats):
    """Median wall and process CPU milliseconds of run()."""
    run()  # warm-up: first-call allocations and kernel selection
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - start_cpu) * 1e3)
    return statistics.median(wall), statistics.median(cpu)


def diffusers_times(repeats):
    torch.manual_seed(0)
    unet = UNet2DConditionModel(block_out_channels=(160, 320, 640, 640), cross_attention_dim=768,
                                attention_head_dim=8).eval()
    vae = AutoencoderKL(block_out_channels=(128, 256, 512, 512), layers_per_block=2,
                        down_block_types=("DownEncoderBlock2D",) * 4,
                        up_block_types=("UpDecoderBlock2D",) * 4).eval()
    times = {}
    for name, dtype in (("float32", torch.float32), ("bfloat16", torch.bfloat16)):
        unet.to(dtype)
        vae.to(dtype)
        sample = torch.randn(2, 4, 32, 32).to(dtype)
        context = torch.randn(2, 77, 768).to(dtype)
        t = torch.tensor([500.0])
        latents = torch.randn(1, 4, 16, 16).to(dtype)
        with torch.inference_mode():
            times[f"BM_UNetStep/{name}"] = median_ms(lambda: unet(sample, t, context), repeats)
            times[f"BM_AutoencoderDecode/{name}"] = median_ms(lambda: vae.decode(latents), repeats)
    return times


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    threads = int(sys.argv[2]) if len(sys.argv) == 3 else torch.get_num_threads()
    torch.set_num_threads(threads)
    out = subprocess.run([sys.argv[1], f"--threads={threads}", "--benchmark_format=json",
                          "--benchmark_min_time=3"], check=True, capture_output=True, text=True).stdout
    ours = {run["name"]: (run["real_time"], run["cpu_time"]) for run in json.loads(out)["benchmarks"]}
    reference = diffusers_times(repeats=3)
    print(f"CPU, {threads} threads")
    print("| case | ours wall / CPU (ms) | diffusers wall / CPU (ms) | diffusers / ours, wall | diffusers / ours, CPU |")
    print("| --- | --- | --- | --- | --- |")
    for name, (wall, cpu) in reference.items():
        our_wall, our_cpu = ours[next(k for k in ours if k.startswith(name))]
        print(f"| {name} | {our_wall:.0f} / {our_cpu:.0f} | {wall:.0f} / {cpu:.0f} | "
              f"{wall / our_wall:.2f} | {cpu / our_cpu:.2f} |")


if __name__ == "__main__":
    main()
