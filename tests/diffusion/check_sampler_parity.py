"""The samplers against diffusers' schedulers: whole sampling runs with a stand-in denoiser.

Usage: check_sampler_parity.py PRINT_SAMPLER_RUN
For each configuration, diffusers' scheduler (SD 1.x's configuration) and print_sampler_run start
from the same noise (torch.randn from a CPU generator with the same seed: libtorch's CPU generator in
both) and step it with the same elementwise denoiser. The final latents must agree within 2e-6
relative to their largest value: both sides run the same float32 libtorch operations in the same
order, so anything beyond rounding noise is a difference in the method (most runs agree exactly).
The timesteps must agree within 1e-4: Karras spacing maps sigmas back to fractional timesteps
through float32 logarithms, which numpy and the C library round differently in the last bit.
Exits 77, which ctest reports as skipped, when diffusers is missing.
"""
import inspect
import json
import math
import subprocess
import sys

try:
    import torch
    from diffusers import (DDIMScheduler, DDPMScheduler, DPMSolverMultistepScheduler, LCMScheduler, EulerAncestralDiscreteScheduler,
                           EulerDiscreteScheduler)
except ImportError as error:
    print(f"SKIP: {error}: diffusers is installed by scripts/setup.sh")
    sys.exit(77)

SD1 = dict(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", num_train_timesteps=1000,
           steps_offset=1, clip_sample=False, set_alpha_to_one=False)
CONFIGS = [  # sampler, steps, prediction, karras, eta, seed
    ("euler", 25, "epsilon", 0, 0.0, 7), ("euler", 20, "v", 0, 0.0, 1), ("euler", 30, "epsilon", 1, 0.0, 2),
    ("euler", 1, "epsilon", 0, 0.0, 3), ("ddim", 50, "epsilon", 0, 0.0, 4), ("ddim", 25, "v", 0, 0.0, 5),
    ("ddim", 20, "epsilon", 0, 0.7, 6), ("ddim", 500, "epsilon", 0, 0.0, 8),
    ("euler_ancestral", 25, "epsilon", 0, 0.0, 9), ("euler_ancestral", 15, "v", 0, 0.0, 10),
    ("dpmpp_2m", 25, "epsilon", 0, 0.0, 11), ("dpmpp_2m", 20, "v", 0, 0.0, 12), ("dpmpp_2m", 30, "epsilon", 1, 0.0, 13),
    ("dpmpp_2m", 10, "epsilon", 1, 0.0, 14), ("dpmpp_2m", 1, "epsilon", 0, 0.0, 15),
    ("ddpm", 50, "epsilon", 0, 0.0, 16), ("ddpm", 30, "v", 0, 0.0, 17),
    ("lcm", 4, "epsilon", 0, 0.0, 18), ("lcm", 8, "v", 0, 0.0, 19), ("lcm", 1, "epsilon", 0, 0.0, 20),
    ("lcm", 7, "epsilon", 0, 0.0, 21),
]


def make_scheduler(sampler, prediction, karras):
    """The diffusers scheduler that our sampler of that name reproduces, in SD 1.x's configuration."""
    kind = {"euler": EulerDiscreteScheduler, "ddim": DDIMScheduler,
            "euler_ancestral": EulerAncestralDiscreteScheduler, "dpmpp_2m": DPMSolverMultistepScheduler,
            "ddpm": DDPMScheduler, "lcm": LCMScheduler}[sampler]
    accepted = inspect.signature(kind.__init__).parameters
    config = {k: v for k, v in SD1.items() if k in accepted}
    config["prediction_type"] = "v_prediction" if prediction == "v" else "epsilon"
    if sampler in ("euler", "dpmpp_2m"):
        config["use_karras_sigmas"] = bool(karras)
    return kind(**config)


def reference(sampler, steps, prediction, karras, eta, seed):
    scheduler = make_scheduler(sampler, prediction, karras)
    scheduler.set_timesteps(steps)
    generator = torch.Generator().manual_seed(seed)
    latents = torch.randn((1, 4, 8, 8), generator=generator, dtype=torch.float32) * scheduler.init_noise_sigma
    extra = {"eta": eta, "generator": generator} if sampler == "ddim" else {"generator": generator}
    if sampler in ("euler", "dpmpp_2m"):
        extra = {}
    for t in scheduler.timesteps:
        x = scheduler.scale_model_input(latents, t)
        output = x * math.cos(float(t) / 400.0) + torch.sin(x * 3.0) * 0.1
        latents = scheduler.step(output, t, latents, **extra).prev_sample
    return [float(v) for v in scheduler.timesteps], latents.flatten().tolist()


def main(tool):
    failures = []
    for config in CONFIGS:
        timesteps, latents = reference(*config)
        ours = json.loads(subprocess.run([tool, *map(str, config)], check=True, capture_output=True,
                                         text=True).stdout)
        scale = max(abs(v) for v in latents)
        worst = max(abs(a - b) for a, b in zip(ours["latents"], latents)) / scale
        same_t = len(ours["timesteps"]) == len(timesteps) and all(
            abs(a - b) <= 1e-4 for a, b in zip(ours["timesteps"], timesteps))
        print(f"{config}: timesteps {'agree' if same_t else 'DIFFER'}, latents within {worst:.3g} of scale {scale:.3g}")
        if not same_t:
            failures.append(f"{config}: timesteps {ours['timesteps'][:5]}... against {timesteps[:5]}...")
        if not worst <= 2e-6:
            failures.append(f"{config}: latents differ by {worst:.3g} of their scale")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
