"""`python -m likeness.convert stylegan-pkl`: NVIDIA StyleGAN2 pickles read as data only.

The pickles are made here with NVIDIA's structure but none of their code: stand-in modules named
`torch_utils.persistence` and `dnnlib.util` exist only while a test pickles, so the converter
meets the same globals a real network pickle holds, with real torch tensors inside.
"""

import collections
import json
import os
import pathlib
import pickle
import subprocess
import sys
import types

import numpy as np
import pytest
import torch
from safetensors import safe_open

import likeness
from likeness import convert


def _never_run(meta):
    raise AssertionError("the converter must not reconstruct objects with NVIDIA's code")


class EasyDict(dict):
    pass


@pytest.fixture(autouse=True)
def nvidia_names(monkeypatch):
    """Makes pickle emit NVIDIA's global names for the stand-ins below."""
    persistence = types.ModuleType("torch_utils.persistence")
    persistence._reconstruct_persistent_obj = _never_run
    _never_run.__module__ = persistence.__name__
    _never_run.__qualname__ = "_reconstruct_persistent_obj"
    util = types.ModuleType("dnnlib.util")
    util.EasyDict = EasyDict
    EasyDict.__module__ = util.__name__
    for module in (persistence, util):
        package_name, _, attribute = module.__name__.partition(".")
        package = types.ModuleType(package_name)
        setattr(package, attribute, module)
        monkeypatch.setitem(sys.modules, package_name, package)
        monkeypatch.setitem(sys.modules, module.__name__, module)


class Persistent:
    """Pickles as NVIDIA's persistent classes do: a reconstructor call with the module's state."""

    def __init__(self, class_name, parameters=(), buffers=(), modules=(), hidden=(), **kwargs):
        self.class_name = class_name
        self.state = {
            "training": False,
            "_parameters": collections.OrderedDict(
                (k, None if v is None else torch.nn.Parameter(v, requires_grad=False))
                for k, v in dict(parameters).items()),
            "_buffers": collections.OrderedDict(buffers),
            "_non_persistent_buffers_set": set(hidden),
            "_modules": collections.OrderedDict(modules),
            "_init_args": (),
            "_init_kwargs": kwargs,
            "weight_gain": np.float64(0.125),
        }

    def __reduce__(self):
        meta = dict(type="class", version=6, class_name=self.class_name, state=self.state,
                    module_src="raise SystemExit('pickled source must never run')")
        return _never_run, (meta,)


def numbered(*shape, start=0.0):
    count = int(np.prod(shape))
    return torch.arange(start, start + count, dtype=torch.float32).reshape(shape) / 8


def layer(in_features, out_features, start):
    return Persistent("FullyConnectedLayer",
                      {"weight": numbered(out_features, in_features, start=start),
                       "bias": numbered(out_features, start=-start)},
                      in_features=in_features, out_features=out_features, bias_init=1)


def make_generator(stylegan3_layout=False, offset=0.0):
    """A two-block generator and the state_dict() NVIDIA's class would give for it."""
    # A weight in channels-last order and a buffer that views part of a larger storage: the
    # pickle keeps their strides and offsets, the converted tensors must not.
    conv_weight = numbered(4, 3, 3, 2, start=offset).permute(0, 3, 1, 2)
    noise = numbered(6, 4, start=offset)[2:]
    synthesis_layer = Persistent(
        "SynthesisLayer",
        {"weight": conv_weight, "noise_strength": torch.tensor(0.5), "bias": numbered(4)},
        {"resample_filter": numbered(4, 4), "noise_const": noise},
        {"affine": layer(8, 2, 100 + offset)},
        in_channels=2, out_channels=4, w_dim=8, resolution=4)
    b4 = Persistent("SynthesisBlock", {"const": numbered(4, 4, 4, start=offset)},
                    {"resample_filter": numbered(4, 4, start=7)},
                    {"conv1": synthesis_layer, "torgb": layer(4, 3, 200)},
                    in_channels=0, out_channels=4)
    b8 = Persistent("SynthesisBlock", {}, {"resample_filter": numbered(4, 4, start=9)},
                    {"torgb": torch.nn.Linear(4, 3, bias=False)}, in_channels=4, out_channels=4)
    synthesis_kwargs = EasyDict(channel_base=64, channel_max=4, num_fp16_res=0, conv_clamp=None)
    synthesis = Persistent("SynthesisNetwork", {}, {}, {"b4": b4, "b8": b8}, w_dim=8,
                           img_resolution=8, img_channels=3, **synthesis_kwargs)
    mapping = Persistent("MappingNetwork", {}, {"w_avg": numbered(8, start=3),
                                                "unused": torch.zeros(0, 8),
                                                "scratch": numbered(2)},
                         {"fc0": layer(16, 8, 300), "embed": None}, hidden=["scratch"],
                         z_dim=16, c_dim=0, w_dim=8, num_ws=4, num_layers=1)
    arguments = dict(z_dim=16, c_dim=0, w_dim=8, img_resolution=8, img_channels=3,
                     mapping_kwargs=EasyDict(num_layers=1))
    if stylegan3_layout:
        arguments.update(synthesis_kwargs)
    else:
        arguments["synthesis_kwargs"] = synthesis_kwargs
    generator = Persistent("Generator", {}, {}, {"synthesis": synthesis, "mapping": mapping},
                           **arguments)
    expected = {
        "synthesis.b4.const": numbered(4, 4, 4, start=offset),
        "synthesis.b4.resample_filter": numbered(4, 4, start=7),
        "synthesis.b4.conv1.weight": conv_weight.contiguous(),
        "synthesis.b4.conv1.noise_strength": torch.tensor(0.5),
        "synthesis.b4.conv1.bias": numbered(4),
        "synthesis.b4.conv1.resample_filter": numbered(4, 4),
        "synthesis.b4.conv1.noise_const": noise.clone(),
        "synthesis.b4.conv1.affine.weight": numbered(2, 8, start=100 + offset),
        "synthesis.b4.conv1.affine.bias": numbered(2, start=-100 - offset),
        "synthesis.b4.torgb.weight": numbered(3, 4, start=200),
        "synthesis.b4.torgb.bias": numbered(3, start=-200),
        "synthesis.b8.resample_filter": numbered(4, 4, start=9),
        "synthesis.b8.torgb.weight": b8.state["_modules"]["torgb"].weight.detach().clone(),
        "mapping.w_avg": numbered(8, start=3),
        "mapping.unused": torch.zeros(0, 8),
        "mapping.fc0.weight": numbered(8, 16, start=300),
        "mapping.fc0.bias": numbered(8, start=-300),
    }
    return generator, expected


def make_discriminator():
    epilogue = Persistent("DiscriminatorEpilogue", {}, {}, {"out": layer(4, 1, 400)},
                          in_channels=4, cmap_dim=0, resolution=4)
    discriminator = Persistent("Discriminator", {}, {}, {"b4": epilogue}, c_dim=0,
                               img_resolution=8, img_channels=3,
                               epilogue_kwargs=EasyDict(mbstd_group_size=4))
    expected = {"b4.out.weight": numbered(1, 4, start=400), "b4.out.bias": numbered(1, start=-400)}
    return discriminator, expected


def write_pickle(path, networks, protocol=4):
    with open(path, "wb") as f:
        pickle.dump(networks, f, protocol=protocol)
    return path


def snapshot(tmp_path, protocol=4, **replacements):
    """A pickle laid out like NVIDIA's training snapshots, with the expected tensors."""
    g_ema, expected = make_generator()
    g, expected_g = make_generator(offset=1000)
    d, expected_d = make_discriminator()
    networks = dict(G=g, D=d, G_ema=g_ema, augment_pipe=None,
                    training_set_kwargs=dict(class_name="training.dataset.ImageFolderDataset",
                                             resolution=8, use_labels=False))
    networks.update(replacements)
    path = write_pickle(tmp_path / "network-snapshot-000000.pkl", networks, protocol)
    return path, {"G_ema": expected, "G": expected_g, "D": expected_d}


def read(path):
    with safe_open(str(path), "pt") as f:
        return {name: f.get_tensor(name) for name in f.keys()}, f.metadata()


def assert_tensors(actual, expected):
    assert sorted(actual) == sorted(expected)
    for name, tensor in expected.items():
        assert actual[name].dtype == tensor.dtype, name
        assert actual[name].shape == tensor.shape, name
        assert torch.equal(actual[name], tensor), name


GENERATOR_CONFIG = {
    "z_dim": 16, "c_dim": 0, "w_dim": 8, "img_resolution": 8, "img_channels": 3,
    "mapping_kwargs": {"num_layers": 1},
    "synthesis_kwargs": {"channel_base": 64, "channel_max": 4, "num_fp16_res": 0,
                         "conv_clamp": None},
}


# Protocol 3 is what Python 3.7, the version NVIDIA's code was released for, writes by default.
@pytest.mark.parametrize("protocol", [3, 4, 5])
def test_the_generator_is_written_under_nvidias_names_with_its_config(tmp_path, protocol):
    source, expected = snapshot(tmp_path, protocol)
    target = tmp_path / "model.safetensors"
    assert convert.main(["stylegan-pkl", str(source), str(target)]) == 0
    tensors, metadata = read(target)
    assert_tensors(tensors, expected["G_ema"])
    assert metadata.keys() == {"likeness.format", "likeness.config", "likeness.source"}
    assert metadata["likeness.format"] == "stylegan2-generator"
    assert json.loads(metadata["likeness.config"]) == GENERATOR_CONFIG
    assert metadata["likeness.source"] == "network-snapshot-000000.pkl (G_ema)"


def test_stylegan3s_loose_synthesis_arguments_are_gathered(tmp_path):
    generator, expected = make_generator(stylegan3_layout=True)
    source = write_pickle(tmp_path / "sg3.pkl", dict(G_ema=generator))
    target = tmp_path / "model.safetensors"
    convert.convert_stylegan_pickle(source, target)
    tensors, metadata = read(target)
    assert_tensors(tensors, expected)
    assert json.loads(metadata["likeness.config"]) == GENERATOR_CONFIG


@pytest.mark.parametrize("protocol", [3, 4, 5])
def test_numpy_constructor_arguments_become_json_numbers_and_lists(tmp_path, protocol):
    generator, _ = make_generator()
    generator.state["_init_kwargs"]["synthesis_kwargs"].update(
        gain=np.float32(0.5), sizes=np.array([[1, 2], [3, 4]], dtype=np.int64),
        rates=np.asfortranarray(np.array([[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]], dtype=">f4")),
        flags=np.array([True, False]))
    source = write_pickle(tmp_path / "numpy.pkl", dict(G_ema=generator), protocol)
    target = tmp_path / "model.safetensors"
    convert.convert_stylegan_pickle(source, target)
    config = json.loads(read(target)[1]["likeness.config"])
    assert config["synthesis_kwargs"] == {
        **GENERATOR_CONFIG["synthesis_kwargs"], "gain": 0.5, "sizes": [[1, 2], [3, 4]],
        "rates": [[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]], "flags": [True, False]}


def test_another_network_can_be_chosen(tmp_path):
    source, expected = snapshot(tmp_path)
    target = tmp_path / "g.safetensors"
    convert.convert_stylegan_pickle(source, target, network="G")
    tensors, metadata = read(target)
    assert_tensors(tensors, expected["G"])
    assert metadata["likeness.source"] == "network-snapshot-000000.pkl (G)"


def test_the_discriminator_alone(tmp_path):
    source, expected = snapshot(tmp_path)
    target = tmp_path / "d.safetensors"
    convert.convert_stylegan_pickle(source, target, network="D")
    tensors, metadata = read(target)
    assert_tensors(tensors, expected["D"])
    assert metadata["likeness.format"] == "stylegan2-discriminator"
    assert json.loads(metadata["likeness.config"]) == {
        "c_dim": 0, "img_resolution": 8, "img_channels": 3,
        "epilogue_kwargs": {"mbstd_group_size": 4}}


def test_with_discriminator_adds_d_under_a_prefix(tmp_path):
    source, expected = snapshot(tmp_path)
    target = tmp_path / "gd.safetensors"
    assert convert.main(["stylegan-pkl", str(source), str(target), "--with-discriminator"]) == 0
    tensors, metadata = read(target)
    assert_tensors(tensors, {**expected["G_ema"],
                             **{f"D.{k}": v for k, v in expected["D"].items()}})
    assert json.loads(metadata["likeness.discriminator_config"])["img_resolution"] == 8
    assert json.loads(metadata["likeness.config"]) == GENERATOR_CONFIG


def test_the_command_line_module_runs(tmp_path):
    source, expected = snapshot(tmp_path)
    target = tmp_path / "cli.safetensors"
    result = subprocess.run(
        [sys.executable, "-m", "likeness.convert", "stylegan-pkl", str(source), str(target)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert_tensors(read(target)[0], expected["G_ema"])


def refused(tmp_path, capsys, source, *options):
    """Runs the command, checks it failed without leaving files, and returns its message."""
    target = tmp_path / "out" / "model.safetensors"
    target.parent.mkdir()
    target.write_bytes(b"previous")
    assert convert.main(["stylegan-pkl", str(source), str(target), *options]) == 1
    assert target.read_bytes() == b"previous"
    assert os.listdir(target.parent) == ["model.safetensors"]
    return capsys.readouterr().err


class Exploit:
    def __init__(self, function, *arguments):
        self.call = function, arguments

    def __reduce__(self):
        return self.call


@pytest.mark.parametrize("function", [os.system, eval], ids=["os.system", "eval"])
def test_a_pickle_that_would_run_code_is_refused_unrun(tmp_path, capsys, function):
    marker = tmp_path / "ran"
    command = f"open({str(marker)!r}, 'w')" if function is eval else f"touch '{marker}'"
    generator, _ = make_generator()
    generator.state["_init_kwargs"]["z_dim"] = Exploit(function, command)
    source = write_pickle(tmp_path / "evil.pkl", dict(G_ema=generator))
    message = refused(tmp_path, capsys, source)
    assert f"refusing global {function.__module__}.{function.__name__}:" in message
    assert not marker.exists()


def test_a_storage_that_would_run_code_is_refused_unrun(tmp_path, capsys):
    # Tensor data is a second pickle inside the first; it gets an allow-list of its own.
    marker = tmp_path / "ran"
    inner = pickle.dumps(Exploit(os.system, f"touch '{marker}'"), protocol=2)
    source = write_pickle(tmp_path / "evil.pkl",
                          dict(G_ema=Exploit(torch.storage._load_from_bytes, inner)))
    message = refused(tmp_path, capsys, source)
    assert f"refusing global {os.system.__module__}.system inside a tensor storage" in message
    assert not marker.exists()


def test_garbage_is_not_a_pickle(tmp_path, capsys):
    source = tmp_path / "noise.pkl"
    source.write_bytes(bytes(range(256)) * 4)
    assert "not a pickle" in refused(tmp_path, capsys, source)


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.99])
def test_a_truncated_pickle_is_refused(tmp_path, capsys, fraction):
    source, _ = snapshot(tmp_path)
    data = source.read_bytes()
    source.write_bytes(data[:int(len(data) * fraction)])
    assert "truncated" in refused(tmp_path, capsys, source)


def test_a_pickle_without_the_network_names_what_it_holds(tmp_path, capsys):
    d, _ = make_discriminator()
    source = write_pickle(tmp_path / "d-only.pkl", dict(D=d, augment_pipe=None))
    message = refused(tmp_path, capsys, source)
    assert "no network 'G_ema'; it holds D" in message


def test_a_stylegan3_generator_is_refused(tmp_path, capsys):
    generator, _ = make_generator()
    synthesis = generator.state["_modules"]["synthesis"]
    first_layer = Persistent("SynthesisLayer", {"weight": numbered(4, 4)})
    # StyleGAN3's layers keep their sampling geometry in numpy arrays.
    first_layer.state.update(in_size=np.array([36, 36]), in_sampling_rate=np.float64(16.0))
    synthesis.state["_modules"] = collections.OrderedDict(
        input=Persistent("SynthesisInput", {"weight": numbered(4, 2)}), L0_36_512=first_layer)
    source = write_pickle(tmp_path / "sg3.pkl", dict(G_ema=generator))
    message = refused(tmp_path, capsys, source)
    assert "G_ema is a StyleGAN3 generator" in message and "SynthesisInput" in message


def test_a_network_that_is_no_generator_is_refused(tmp_path, capsys):
    d, _ = make_discriminator()
    source = write_pickle(tmp_path / "swapped.pkl", dict(G_ema=d))
    message = refused(tmp_path, capsys, source)
    assert "G_ema is a Discriminator, expected a StyleGAN2 Generator" in message


def test_a_tensor_reaching_past_its_storage_is_refused(tmp_path, capsys):
    sixteen_bytes = torch.zeros(4).untyped_storage()
    overrun = Exploit(torch._utils._rebuild_tensor_v2,
                      sixteen_bytes, 0, (17,), (1,), False, collections.OrderedDict())
    generator, _ = make_generator()
    generator.state["_buffers"]["w_avg"] = overrun
    source = write_pickle(tmp_path / "overrun.pkl", dict(G_ema=generator))
    message = refused(tmp_path, capsys, source)
    assert "a tensor of size [17] reaches element 16 of a storage of 16" in message


def test_a_module_that_contains_itself_is_refused(tmp_path, capsys):
    generator, _ = make_generator()
    generator.state["_modules"]["synthesis"].state["_modules"]["loop"] = generator
    source = write_pickle(tmp_path / "cycle.pkl", dict(G_ema=generator))
    assert "contain themselves" in refused(tmp_path, capsys, source)


def test_the_written_file_gets_ordinary_permissions(tmp_path):
    source, _ = snapshot(tmp_path)
    target = tmp_path / "model.safetensors"
    umask = os.umask(0o022)
    try:
        convert.convert_stylegan_pickle(source, target)
    finally:
        os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_torch_module_with_a_bad_parameter_is_refused_by_name(tmp_path, capsys):
    generator, _ = make_generator()
    synthesis = generator.state["_modules"]["synthesis"]
    synthesis.state["_modules"]["b8"].state["_modules"]["torgb"]._parameters["weight"] = "w"
    source = write_pickle(tmp_path / "bad.pkl", dict(G_ema=generator))
    message = refused(tmp_path, capsys, source)
    assert "synthesis.b8.torgb.weight in _parameters of a Linear is a str, expected a tensor" \
        in message


def test_a_pickle_of_something_else_is_refused(tmp_path, capsys):
    source = write_pickle(tmp_path / "list.pkl", [1, 2, 3])
    assert "expected a dict of networks" in refused(tmp_path, capsys, source)


def test_discriminator_with_discriminator_is_an_invalid_request(tmp_path):
    source, _ = snapshot(tmp_path)
    with pytest.raises(likeness.InvalidArgumentError, match="already D"):
        convert.convert_stylegan_pickle(source, tmp_path / "x.safetensors", network="D",
                                        with_discriminator=True)
