"""Writes the tiny TorchScript feature networks of the metrics tests to tests/data/metrics/.

They are called as NVIDIA's Inception is, net(uint8 images (N, 3, H, W), return_features=True),
so the C++ side is tested without the 95 MB real network:
  pooled.pt        features (N, 12): the mean of each channel over each image quarter, in [0, 1]
  scalar.pt        returns one number, not (N, D) features
  pair.pt          returns a tuple of tensors
  no_keyword.pt    forward(x) takes no return_features argument
Run: .venv/bin/python tests/metrics/make_feature_networks.py
"""
import pathlib
from typing import Tuple

import torch


class Pooled(torch.nn.Module):
    def forward(self, x: torch.Tensor, return_features: bool = False) -> torch.Tensor:
        features = torch.nn.functional.adaptive_avg_pool2d(x.float() / 255, 2).flatten(1)
        return features if return_features else features.softmax(1)


class Scalar(torch.nn.Module):
    def forward(self, x: torch.Tensor, return_features: bool = False) -> torch.Tensor:
        return x.float().mean()


class Pair(torch.nn.Module):
    def forward(self, x: torch.Tensor, return_features: bool = False) -> Tuple[torch.Tensor, torch.Tensor]:
        return x.float(), x.float()


class NoKeyword(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.float().flatten(1)


def main() -> None:
    out = pathlib.Path(__file__).resolve().parents[1] / "data" / "metrics"
    out.mkdir(parents=True, exist_ok=True)
    for name, module in [("pooled", Pooled()), ("scalar", Scalar()), ("pair", Pair()),
                         ("no_keyword", NoKeyword())]:
        torch.jit.save(torch.jit.script(module), str(out / f"{name}.pt"))


if __name__ == "__main__":
    main()
