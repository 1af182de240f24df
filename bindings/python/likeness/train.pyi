import os
from typing import Any, Callable, Literal, Optional, Union

_Path = Union[str, bytes, os.PathLike[str], os.PathLike[bytes]]

def train_gan(
    data: _Path,
    out_dir: _Path,
    resolution: int,
    *,
    device: str = ...,
    threads: int = ...,
    progress: Optional[Callable[[dict[str, Any]], Optional[bool]]] = ...,
    channels: Optional[int] = ...,
    conditional: Optional[bool] = ...,
    mirror: Optional[bool] = ...,
    z_dim: Optional[int] = ...,
    w_dim: Optional[int] = ...,
    mapping_layers: Optional[int] = ...,
    channel_base: Optional[int] = ...,
    channel_max: Optional[int] = ...,
    mbstd_group: Optional[int] = ...,
    batch: Optional[int] = ...,
    lr: Optional[float] = ...,
    gamma: Optional[float] = ...,
    pl_weight: Optional[float] = ...,
    style_mixing: Optional[float] = ...,
    ema_kimg: Optional[float] = ...,
    ema_rampup: Optional[float] = ...,
    augment: Optional[Literal["ada", "fixed", "none"]] = ...,
    augment_p: Optional[float] = ...,
    ada_target: Optional[float] = ...,
    kimg: Optional[float] = ...,
    tick_kimg: Optional[float] = ...,
    snapshot_ticks: Optional[int] = ...,
    seed: Optional[int] = ...,
    resume: Optional[_Path] = ...,
) -> str: ...
