"""Converting other tools' model files into Likeness model files.

``python -m likeness.convert stylegan-pkl IN.pkl OUT.safetensors`` reads a network pickle
written by NVIDIA's StyleGAN2 training code (stylegan2-ada-pytorch, or stylegan3 training a
StyleGAN2 network) without that code and without running anything the file contains, and
writes the network's tensors under NVIDIA's ``state_dict()`` names to a safetensors file whose
metadata says what it is (``likeness.format``), how the network was built (``likeness.config``,
the JSON of its constructor arguments) and where it came from (``likeness.source``).
"""

import argparse
import json
import os
import pathlib
import secrets
import sys
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np
from safetensors.torch import save

from . import _network_pickle
from ._network_pickle import Module, NumpyArray
from .errors import FormatError, InvalidArgumentError, IOError as LikenessIOError

NETWORKS = ("G_ema", "G", "D")

_GENERATOR_ARGUMENTS = ("z_dim", "c_dim", "w_dim", "img_resolution", "img_channels")


def _json_value(value: Any, where: str) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return value
    if isinstance(value, dict):
        return {str(k): _json_value(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, NumpyArray) and value.array is not None:
        return _json_value(value.array.tolist(), where)
    if isinstance(value, np.ndarray):
        return _json_value(value.tolist(), where)
    if isinstance(value, (set, frozenset)):
        return sorted(_json_value(v, where) for v in value)
    raise FormatError(f"constructor argument {where} is a {type(value).__name__}; "
                      "expected numbers, strings, lists and dicts")


def _init_kwargs(network: Module, name: str) -> Dict[str, Any]:
    args, kwargs = network.state.get("_init_args", ()), network.state.get("_init_kwargs")
    if args or not isinstance(kwargs, dict):
        raise FormatError(f"{name} does not record its constructor arguments as keywords, "
                          "as NVIDIA's persistent classes do")
    return _json_value(kwargs, name)


def _describe(module: Optional[Module]) -> str:
    return "nothing" if module is None else f"a {module.class_name}"


def generator_config(network: Module, name: str) -> Dict[str, Any]:
    """The constructor arguments of a StyleGAN2 generator, in stylegan2-ada-pytorch's layout.

    stylegan3's copy of the StyleGAN2 generator takes the synthesis network's arguments as
    loose keywords; they are gathered under ``synthesis_kwargs`` so both read alike.
    """
    synthesis = network.child("synthesis")
    if network.class_name != "Generator" or network.child("mapping") is None or synthesis is None:
        raise FormatError(f"{name} is {_describe(network)}, expected a StyleGAN2 Generator "
                          "with mapping and synthesis networks")
    if synthesis.child("input") is not None:
        raise FormatError(
            f"{name} is a StyleGAN3 generator (its synthesis network starts from "
            f"{_describe(synthesis.child('input'))}); only StyleGAN2 generators, built from "
            "SynthesisBlocks b4, b8, ..., are supported")
    if synthesis.class_name != "SynthesisNetwork" or (
            synthesis.child("b4") is None or synthesis.child("b4").class_name != "SynthesisBlock"):
        raise FormatError(f"{name}'s synthesis network is {_describe(synthesis)} without a "
                          "SynthesisBlock b4; expected a StyleGAN2 SynthesisNetwork")
    kwargs = _init_kwargs(network, name)
    missing = [key for key in _GENERATOR_ARGUMENTS if key not in kwargs]
    if missing:
        raise FormatError(f"{name}'s constructor arguments lack {', '.join(missing)}")
    config = {key: kwargs.pop(key) for key in _GENERATOR_ARGUMENTS}
    config["mapping_kwargs"] = kwargs.pop("mapping_kwargs", {})
    config["synthesis_kwargs"] = {**kwargs.pop("synthesis_kwargs", {}), **kwargs}
    return config


def _check_discriminator(network: Module, name: str) -> None:
    epilogue = network.child("b4")
    if network.class_name != "Discriminator" or epilogue is None or (
            epilogue.class_name != "DiscriminatorEpilogue"):
        raise FormatError(f"{name} is {_describe(network)}, expected a StyleGAN2 Discriminator "
                          "ending in a DiscriminatorEpilogue b4")


def _network(networks: Any, name: str) -> Module:
    if not isinstance(networks, dict):
        raise FormatError(f"the pickle holds a {type(networks).__name__}, expected a dict of "
                          "networks (G, D, G_ema, ...) as NVIDIA's training code writes")
    network = networks.get(name)
    if not isinstance(network, Module):
        held = ", ".join(sorted(str(k) for k, v in networks.items() if isinstance(v, Module)))
        raise FormatError(f"the pickle has no network {name!r}; it holds "
                          f"{held or 'no networks'}")
    return network


def convert_stylegan_pickle(source: Union[str, os.PathLike], target: Union[str, os.PathLike],
                            network: str = "G_ema", with_discriminator: bool = False) -> None:
    """Writes network ``network`` of the StyleGAN2 pickle ``source`` to ``target``.

    A generator becomes a ``stylegan2-generator`` file; ``network="D"`` writes the
    discriminator alone as a ``stylegan2-discriminator`` file. ``with_discriminator`` adds the
    discriminator to a generator's file, its tensors prefixed ``D.``. ``target`` is replaced
    only once the new file is complete. Raises :class:`likeness.FormatError` for a file that is
    not such a pickle, and :class:`likeness.IOError` when a file cannot be read or written.
    """
    if network not in NETWORKS:
        raise InvalidArgumentError(f"network {network!r} is not one of {', '.join(NETWORKS)}")
    if with_discriminator and network == "D":
        raise InvalidArgumentError("with_discriminator adds D to a generator's file; "
                                   "network is already D")
    source, target = pathlib.Path(source), pathlib.Path(target)
    networks = _network_pickle.load(_read(source))
    try:
        tensors, metadata = _collect(networks, network, with_discriminator)
    except RecursionError as error:
        # Pickles can make modules and dicts contain themselves; NVIDIA's never do.
        raise FormatError("the networks nest too deeply or contain themselves") from error
    metadata["likeness.source"] = f"{source.name} ({network})"
    _write(tensors, metadata, target)


def _collect(networks: Any, network: str, with_discriminator: bool
             ) -> Tuple[Dict[str, Any], Dict[str, str]]:
    chosen = _network(networks, network)
    if network == "D":
        _check_discriminator(chosen, network)
        metadata = {"likeness.format": "stylegan2-discriminator",
                    "likeness.config": json.dumps(_init_kwargs(chosen, network))}
    else:
        metadata = {"likeness.format": "stylegan2-generator",
                    "likeness.config": json.dumps(generator_config(chosen, network))}
    tensors = {name: t.to_torch() for name, t in chosen.state_dict().items()}
    if with_discriminator:
        discriminator = _network(networks, "D")
        _check_discriminator(discriminator, "D")
        metadata["likeness.discriminator_config"] = json.dumps(_init_kwargs(discriminator, "D"))
        tensors.update((f"D.{name}", t.to_torch())
                       for name, t in discriminator.state_dict().items())
    return tensors, metadata


def _read(source: pathlib.Path) -> bytes:
    try:
        return source.read_bytes()
    except OSError as error:
        raise LikenessIOError(f"cannot read {source}: {error.strerror or error}") from error


def _write(tensors: Dict[str, Any], metadata: Dict[str, str], target: pathlib.Path) -> None:
    data = save(tensors, metadata=metadata)
    # Opened by hand rather than by tempfile, whose files are private (0600): the result
    # should get the permissions any new file gets.
    temporary = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise LikenessIOError(f"cannot write in {target.parent}: {error.strerror or error}") \
            from error
    try:
        with open(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except OSError as error:
        os.unlink(temporary)
        raise LikenessIOError(f"cannot write {target}: {error.strerror or error}") from error
    except BaseException:
        os.unlink(temporary)
        raise


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m likeness.convert",
                                     description="Convert other tools' models to Likeness files.")
    commands = parser.add_subparsers(dest="command", required=True)
    stylegan = commands.add_parser(
        "stylegan-pkl", help="an NVIDIA StyleGAN2 network pickle (.pkl) to safetensors",
        description="Read the pickle as data only: nothing in it is run.")
    stylegan.add_argument("source", metavar="IN", help="network pickle, e.g. network-snapshot.pkl")
    stylegan.add_argument("target", metavar="OUT", help="safetensors file to write")
    stylegan.add_argument("--network", choices=NETWORKS, default="G_ema",
                          help="which network to convert (default: G_ema)")
    stylegan.add_argument("--with-discriminator", action="store_true",
                          help="also store D, its tensors prefixed 'D.'")
    arguments = parser.parse_args(argv)
    try:
        convert_stylegan_pickle(arguments.source, arguments.target, arguments.network,
                                arguments.with_discriminator)
    except (FormatError, InvalidArgumentError) as error:
        print(f"{parser.prog}: {arguments.source}: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{parser.prog}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
