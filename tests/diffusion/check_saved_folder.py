"""save_diffusers_folder against diffusers: each tiny pipeline, loaded and saved again by
resave_model, must open with diffusers' from_pretrained as the same pipeline class, with every
tensor of the UNet, autoencoder and text encoder equal to the original's, the same scheduler
settings, and a tokenizer giving the same ids and padding prompts to 77 tokens.
Usage: check_saved_folder.py RESAVE_MODEL TINY_PIPELINES_DIR OUT_DIR
Exits 77 (skipped, saying why) without diffusers or the tiny pipelines."""
import os
import shutil
import subprocess
import sys

import tiny_pipelines

PROMPT = "a photo of an astronaut riding a horse on mars"


def main():
    tool, root, out = sys.argv[1:4]
    tiny_pipelines.require(root)
    import torch
    from diffusers import DiffusionPipeline
    failures = []
    for name in ("txt2img", "inpaint"):
        source, saved = os.path.join(root, name), os.path.join(out, name)
        shutil.rmtree(saved, ignore_errors=True)
        subprocess.run([tool, source, os.path.join(source, "tokenizer"), saved], check=True)
        original, reread = DiffusionPipeline.from_pretrained(source), DiffusionPipeline.from_pretrained(saved)
        if type(reread) is not type(original):
            failures.append(f"{name}: diffusers reads a {type(reread).__name__}, expected {type(original).__name__}")
        for part in ("unet", "vae", "text_encoder"):
            want, got = getattr(original, part).state_dict(), getattr(reread, part).state_dict()
            if want.keys() != got.keys():
                failures.append(f"{name} {part}: tensors {sorted(want.keys() ^ got.keys())[:3]} differ")
                continue
            unequal = [k for k in want if not torch.equal(want[k], got[k])]
            if unequal:
                failures.append(f"{name} {part}: {len(unequal)} tensors differ, e.g. {unequal[0]}")
        for key in ("num_train_timesteps", "beta_start", "beta_end", "beta_schedule", "prediction_type"):
            if original.scheduler.config[key] != reread.scheduler.config[key]:
                failures.append(f"{name} scheduler {key}: {reread.scheduler.config[key]}, expected {original.scheduler.config[key]}")
        want = original.tokenizer(PROMPT, padding="max_length", max_length=77).input_ids
        got = reread.tokenizer(PROMPT, padding="max_length", max_length=reread.tokenizer.model_max_length).input_ids
        if got != want:
            failures.append(f"{name} tokenizer: {got} against {want}")
        print(f"{name}: diffusers read back a {type(reread).__name__}")
    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
