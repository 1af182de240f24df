"""The sample tensors that tests/io/safetensors_samples.h describes too (see there), for the
scripts that check Likeness against the reference `safetensors` package."""

import torch

# (name, dtype, shape, seed), in the order of the C++ list.
SAMPLES = [
    ("F64", torch.float64, (2, 3), 0),
    ("F32", torch.float32, (2, 3), 1),
    ("F16", torch.float16, (2, 3), 2),
    ("BF16", torch.bfloat16, (2, 3), 3),
    ("F8_E4M3", torch.float8_e4m3fn, (2, 3), 4),
    ("F8_E5M2", torch.float8_e5m2, (2, 3), 5),
    ("I64", torch.int64, (2, 3), 6),
    ("I32", torch.int32, (2, 3), 7),
    ("I16", torch.int16, (2, 3), 8),
    ("I8", torch.int8, (2, 3), 9),
    ("U64", torch.uint64, (2, 3), 10),
    ("U32", torch.uint32, (2, 3), 11),
    ("U16", torch.uint16, (2, 3), 12),
    ("U8", torch.uint8, (2, 3), 13),
    ("BOOL", torch.bool, (2, 3), 14),
    ("scalar", torch.float64, (), 15),
    ("empty", torch.int32, (3, 0), 16),
]

METADATA = {"format": "pt", "note": "caf\u00e9 \u2713, two words"}


def sample_bytes(dtype, seed, count):
    if dtype == torch.bool:
        return bytes((seed + i) % 2 for i in range(count))
    return bytes((seed * 7 + i * 13) % 256 for i in range(count))


def make_sample(dtype, shape, seed):
    count = torch.Size(shape).numel() * torch.empty((), dtype=dtype).element_size()
    raw = torch.tensor(list(sample_bytes(dtype, seed, count)), dtype=torch.uint8)
    return raw.view(dtype).reshape(shape)


def tensor_bytes(tensor):
    return tensor.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
