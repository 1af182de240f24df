"""Writes CLIP's vocab.json and merges.txt into OUT_DIR, built from the BPE file that open_clip
ships (bpe_simple_vocab_16e6.txt.gz) the way open_clip and transformers build them: the 256 byte
symbols, the same closed by "</w>", one token per merge, then <|startoftext|> and <|endoftext|>.
The open-clip-torch wheel is not installed (its dependencies would replace the project's torch):
scripts/setup.sh downloads it alone into .venv/wheels, and this reads the file out of it. The
set-up writes models/clip with it (the tokenizer of single-file checkpoints); the tests write
their own copy in the build tree.
Usage: write_clip_vocab.py OUT_DIR   (exits 0 with a message, writing nothing, without the wheel)"""
import glob
import gzip
import json
import os
import sys
import zipfile

# open_clip uses the first 49152 - 256 - 2 merges of the file (after its header line), so that
# the vocabulary comes to 49152 + 256 tokens.
MERGES = 49152 - 256 - 2
VOCAB = 49408


def bytes_to_unicode():
    printable = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    chars, extra = {}, 0
    for b in range(256):
        if b in printable:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + extra)
            extra += 1
    return chars


def main():
    out_dir = sys.argv[1]
    wheels = sorted(glob.glob(os.path.join(sys.prefix, "wheels", "open_clip_torch-*.whl")))
    if not wheels:
        print(f"no open_clip_torch wheel in {sys.prefix}/wheels: run scripts/setup.sh")
        return 0
    with zipfile.ZipFile(wheels[-1]) as wheel:
        lines = gzip.decompress(wheel.read("open_clip/bpe_simple_vocab_16e6.txt.gz")).decode("utf-8").split("\n")
    merges = [tuple(line.split()) for line in lines[1:MERGES + 1]]
    symbols = list(bytes_to_unicode().values())
    tokens = symbols + [s + "</w>" for s in symbols] + ["".join(m) for m in merges]
    tokens += ["<|startoftext|>", "<|endoftext|>"]
    vocab = {t: i for i, t in enumerate(tokens)}
    assert len(merges) == MERGES and len(vocab) == VOCAB, (len(merges), len(vocab))
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(out_dir, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
    print(f"wrote {len(vocab)} tokens and {len(merges)} merges from {os.path.basename(wheels[-1])} to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
