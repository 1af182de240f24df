"""Our CLIP tokenizer (print_clip_tokens) against transformers' CLIPTokenizer on the same
vocab.json and merges.txt: identical ids for every prompt of the corpus, and the same counts.
Usage: check_clip_parity.py PRINT_CLIP_TOKENS VOCAB_DIR PROMPTS_JSON
Exits 77 (skipped, saying why) without transformers or without the vocabulary files."""
import json
import os
import subprocess
import sys

SKIP = 77


def main():
    tool, vocab_dir, prompts_path = sys.argv[1:4]
    try:
        from transformers import CLIPTokenizer
    except ImportError:
        print("skipped: transformers is not installed (scripts/setup.sh installs it)")
        return SKIP
    vocab, merges = os.path.join(vocab_dir, "vocab.json"), os.path.join(vocab_dir, "merges.txt")
    if not (os.path.exists(vocab) and os.path.exists(merges)):
        print(f"skipped: no CLIP vocabulary in {vocab_dir} (the open_clip wheel is missing: run scripts/setup.sh)")
        return SKIP
    with open(prompts_path, encoding="utf-8") as f:
        prompts = json.load(f)
    reference = CLIPTokenizer.from_pretrained(vocab_dir)
    lines = subprocess.run([tool, vocab, merges, prompts_path], check=True, capture_output=True,
                           text=True).stdout.split("\n")
    header = lines[0].split()
    counts = dict(zip(header[0::2], map(int, header[1::2])))
    model = json.loads(reference.backend_tokenizer.to_str())["model"]
    expected = {"vocab": len(model["vocab"]), "merges": len(model["merges"]), "bos": reference.bos_token_id, "eos": reference.eos_token_id}
    failures = [f"{key}: ours {counts[key]}, transformers {value}" for key, value in expected.items()
                if counts[key] != value]
    for i, prompt in enumerate(prompts):
        want = reference(prompt, add_special_tokens=False)["input_ids"]
        got = [int(t) for t in lines[1 + i].split()]
        if got != want:
            failures.append(f"prompt {i} {prompt!r}:\n  ours         {got}\n  transformers {want}")
    print(f"{len(prompts)} prompts, {len(prompts) - sum(f.startswith('prompt') for f in failures)} identical; "
          f"vocab {counts['vocab']}, merges {counts['merges']}")
    for failure in failures:
        print(failure)
    if len(prompts) < 200:
        print(f"the corpus has {len(prompts)} prompts; expected at least 200")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
