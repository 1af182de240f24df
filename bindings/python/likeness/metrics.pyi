import os
from typing import Iterable, Literal, Union

_Path = Union[str, bytes, os.PathLike[str], os.PathLike[bytes]]

def evaluate_gan(
    model: _Path,
    data: _Path,
    inception: _Path,
    *,
    num: int = ...,
    metrics: Iterable[Literal["fid", "kid"]] = ...,
    batch_size: int = ...,
    kid_subsets: int = ...,
    kid_subset_size: int = ...,
    kid_seed: int = ...,
    device: str = ...,
) -> dict[str, float]: ...
