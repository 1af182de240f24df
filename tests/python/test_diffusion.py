"""likeness.Diffusion on the tiny pipelines diffusers makes (tests/diffusion/make_tiny_pipelines.py):
numpy out, seeds that decide the image, errors as likeness.Error subclasses, and stubs that match
the module (test_gil.py checks that the GIL is released)."""

import ast
import inspect
import os
import pathlib
import shutil

import numpy as np
import pytest

import likeness

PIPELINES = pathlib.Path(os.environ.get("LIKENESS_TINY_PIPELINES", "/nonexistent"))

needs_pipelines = pytest.mark.skipif(
    not (PIPELINES / "txt2img" / "model_index.json").is_file(),
    reason=f"no tiny pipelines in {PIPELINES} (diffusion.make_tiny_pipelines needs diffusers)",
)


@pytest.fixture(scope="module")
def model():
    return likeness.Diffusion.load(PIPELINES / "txt2img")


def quick(model, **arguments):
    """Two steps: enough to run every part of the pipeline."""
    return model.generate(**{"prompt": "a face", "steps": 2, **arguments})


@needs_pipelines
def test_info_describes_the_model(model):
    assert model.info == likeness.DiffusionInfo(64, 64, 4, "epsilon", "float32")
    assert model.device == "cpu"
    assert "64x64" in repr(model)


@needs_pipelines
def test_images_are_uint8_rgb_arrays_and_the_seed_decides_them(model):
    images = quick(model, seed=7, batch=2)
    assert images.shape == (2, 64, 64, 3) and images.dtype == np.uint8
    assert np.array_equal(quick(model, seed=np.uint64(7), batch=2), images)
    assert not np.array_equal(images[0], images[1])
    # Image i is seed + i's alone, but for float rounding: batched kernels order their float32
    # operations by batch size, which moves a few pixels by one level.
    alone = quick(model, seed=8)[0].astype(np.int16)
    assert np.abs(alone - images[1]).max() <= 1 and np.mean(alone != images[1]) < 0.01
    assert not np.array_equal(quick(model, seed=9)[0], images[0])
    assert quick(model, width=96, height=32).shape == (1, 32, 96, 3)


@needs_pipelines
def test_image_to_image_and_inpainting_take_numpy_pixels(model):
    rows, columns = np.mgrid[0:64, 0:96]
    picture = np.stack([rows * 3, columns * 2, rows + columns], axis=-1).astype(np.uint8)
    assert quick(model, init_image=picture, strength=0.5).shape == (1, 64, 96, 3)
    # A strided view (every other column) is lent as it is or copied, never misread.
    wide = np.repeat(picture, 2, axis=1)
    assert np.array_equal(quick(model, init_image=wide[:, ::2], strength=0.5),
                          quick(model, init_image=picture, strength=0.5))
    inpainter = likeness.Diffusion.load(PIPELINES / "inpaint")
    assert inpainter.info.in_channels == 9
    mask = np.where(columns < 48, 0, 255).astype(np.uint8)
    assert quick(inpainter, init_image=picture, mask=mask).shape == (1, 64, 96, 3)
    with pytest.raises(likeness.InvalidArgumentError, match="mask"):
        quick(inpainter, init_image=picture)


@needs_pipelines
@pytest.mark.parametrize("arguments, error, part", [
    ({"width": 100}, likeness.InvalidArgumentError, "width"),
    ({"width": 10**6}, likeness.InvalidArgumentError, "width"),
    ({"steps": 0}, likeness.InvalidArgumentError, "steps"),
    ({"guidance": float("nan")}, likeness.InvalidArgumentError, "guidance"),
    ({"sampler": "plms"}, likeness.InvalidArgumentError, "dpmpp_2m"),
    ({"seed": -1}, likeness.InvalidArgumentError, "seed"),
    ({"batch": 1.5}, likeness.InvalidArgumentError, "batch"),
    ({"init_image": np.zeros((64, 64, 3), np.uint8), "strength": 1.5},
     likeness.InvalidArgumentError, "strength"),
    ({"init_image": np.zeros((64, 64, 3), np.uint8), "mask": np.zeros((8, 8), np.uint8)},
     likeness.InvalidArgumentError, "mask"),
    ({"init_image": np.zeros((64, 64, 3), np.float32)}, likeness.InvalidArgumentError, "uint8"),
    ({"prompt": "face " * 30000}, likeness.InvalidArgumentError, "tokens"),
])
def test_bad_arguments_raise_error_subclasses_naming_what_is_wrong(model, arguments, error, part):
    with pytest.raises(error, match=part) as caught:
        quick(model, **arguments)
    assert isinstance(caught.value, likeness.Error) and isinstance(caught.value, ValueError)


@needs_pipelines
def test_models_that_cannot_load_raise_oserrors_naming_what_is_missing(tmp_path):
    with pytest.raises(likeness.IOError, match="no_such_model") as caught:
        likeness.Diffusion.load(PIPELINES / "no_such_model")
    assert isinstance(caught.value, OSError)
    shutil.copytree(PIPELINES / "txt2img", tmp_path / "model")
    for file in (tmp_path / "model" / "tokenizer").iterdir():
        file.unlink()
    with pytest.raises(likeness.IOError, match="vocab.json"):
        likeness.Diffusion.load(tmp_path / "model")
    with pytest.raises(likeness.InvalidArgumentError, match="dtype"):
        likeness.Diffusion.load(PIPELINES / "txt2img", dtype="float64")


@needs_pipelines
def test_progress_follows_the_steps_and_can_cancel(model):
    calls = []
    quick(model, steps=3, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    with pytest.raises(likeness.CancelledError):
        quick(model, steps=3, progress=lambda done, total: done < 2)

    def fails(done, total):
        raise KeyError("from the callback")

    with pytest.raises(KeyError, match="from the callback"):
        quick(model, progress=fails)


@needs_pipelines
def test_images_carry_the_models_watermark_unless_asked_not_to(model):
    provenance = model.provenance(seed=5, prompt="a face", composite=True)
    assert provenance.model_name == "txt2img" and provenance.model_hash.startswith("sha256:")
    assert provenance.seed == 5 and provenance.prompt == "a face"
    assert provenance.source_type == likeness.SourceType.COMPOSITE_TRAINED
    side = likeness.WATERMARK_MIN_SIDE
    marked = quick(model, width=side, height=side)[0]
    found = likeness.detect_watermark(marked)
    assert found.found and found.payload == provenance.payload
    unmarked = likeness.Diffusion.load(PIPELINES / "txt2img", watermark=False)
    assert not likeness.detect_watermark(quick(unmarked, width=side, height=side)[0]).found


def test_the_stub_gives_diffusion_the_runtime_parameters_and_defaults():
    stub = ast.parse((pathlib.Path(likeness.__file__).parent / "diffusion.pyi").read_text())
    (cls,) = (n for n in stub.body if isinstance(n, ast.ClassDef) and n.name == "Diffusion")
    methods = {n.name: n for n in cls.body if isinstance(n, ast.FunctionDef)}
    runtime = {name for name in dir(likeness.Diffusion) if not name.startswith("_")}
    assert set(methods) - {"__init__"} == runtime
    for name, node in methods.items():
        raw = inspect.getattr_static(likeness.Diffusion, name)
        if isinstance(raw, property):
            continue
        function = getattr(raw, "__func__", raw)  # a classmethod's function takes cls
        parameters = list(inspect.signature(function).parameters.values())
        assert [p.name for p in parameters] == [a.arg for a in node.args.args], name
        stub_defaults = [ast.literal_eval(d) for d in node.args.defaults]
        assert [p.default for p in parameters if p.default is not p.empty] == stub_defaults, name
