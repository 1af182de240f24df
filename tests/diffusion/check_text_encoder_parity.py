"""Our text encoder and tokenizer (print_text_encoding) against transformers' CLIPTextModel and
CLIPTokenizer on the tiny pipelines' folders: txt2img's tokenizer is vocab.json + merges.txt,
inpaint's is tokenizer.json alone, so both readers are checked. For clip skip 1 and 2 (the last
and the first of the tiny encoder's 2 layers, each put through the final layer norm):
the ids must be identical and the hidden states agree within 2e-5 of their largest magnitude. Both sides run the same float32 libtorch
kernels (linear, layer norm, scaled-dot-product attention), only grouped differently (our causal
attention goes through is_causal, transformers' through an explicit mask), so what is left is
float32 rounding summed over 2 layers (measured: none, the states are identical on this CPU); a missing bias, scale, layer norm or
a wrong activation moves them by 1e-2 or more.
Usage: check_text_encoder_parity.py PRINT_TEXT_ENCODING TINY_PIPELINES_DIR
Exits 77 (skipped, saying why) without transformers or the tiny pipelines."""
import json
import os
import subprocess
import sys

import tiny_pipelines

TOLERANCE = 2e-5
PROMPTS = [
    "a photo of an astronaut riding a horse on mars",
    "",
    "Portrait of a woman, 35mm, f/1.8, soft light -- highly detailed!!! 4k",
    "cafe naïve résumé, 東京 at night",
    " ".join(["many words"] * 40),  # past 75 tokens: both keep the first 75
]


def main():
    tool, root = sys.argv[1:3]
    tiny_pipelines.require(root)
    import torch
    from transformers import CLIPTextModel, CLIPTokenizer
    failures = []
    for name in ("txt2img", "inpaint"):
        folder = os.path.join(root, name)
        tokenizer = CLIPTokenizer.from_pretrained(os.path.join(folder, "tokenizer"))
        model = CLIPTextModel.from_pretrained(os.path.join(folder, "text_encoder")).eval()
        ids = tokenizer(PROMPTS, padding="max_length", max_length=77, truncation=True).input_ids
        with torch.no_grad():
            states = model(torch.tensor(ids), output_hidden_states=True).hidden_states
        for clip_skip in (1, 2):
            with torch.no_grad():
                expected = model.final_layer_norm(states[-clip_skip])
            ours = json.loads(subprocess.run([tool, folder, str(clip_skip), *PROMPTS], check=True,
                                             capture_output=True, text=True).stdout)
            got = torch.tensor(ours["hidden"]).view(expected.shape)
            scale = expected.abs().max().item()
            worst = (got - expected).abs().max().item() / scale
            same_ids = ours["ids"] == ids
            print(f"{name} clip skip {clip_skip}: ids {'identical' if same_ids else 'DIFFER'}, "
                  f"hidden states within {worst:.3g} of scale {scale:.3g}")
            if not same_ids:
                failures.append(f"{name}: ids differ:\n  ours         {ours['ids']}\n  transformers {ids}")
            if not worst <= TOLERANCE:
                failures.append(f"{name} clip skip {clip_skip}: hidden states differ by {worst:.3g} of their scale")
    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
