"""likeness.Gan against NVIDIA's outputs (tests/data/gan), numpy's seeds, and its own C++ side."""

import _thread
import pathlib
import threading

import numpy as np
import pytest
from safetensors.numpy import load_file

import likeness

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "gan"
MODELS = ["tiny_unconditional_32", "tiny_conditional_16", "tiny_noiseless_separable_8"]


def load(name):
    return likeness.Gan.load(DATA / f"{name}.safetensors")


@pytest.fixture(scope="module")
def conditional():
    return load("tiny_conditional_16")


@pytest.fixture(scope="module")
def unconditional():
    return load("tiny_unconditional_32")


@pytest.mark.parametrize("name", MODELS)
def test_mapping_and_synthesis_match_nvidias_outputs(name):
    gan = load(name)
    expected = load_file(DATA / f"{name}_expected.safetensors")
    c = expected.get("c")
    for ws_name, psi, cutoff in [("ws_psi1", 1.0, None), ("ws_psi0.7", 0.7, None),
                                 ("ws_psi0.7_cutoff2", 0.7, 2)]:
        ws = gan.mapping(expected["z"], c, truncation=psi, cutoff=cutoff)
        np.testing.assert_allclose(ws, expected[ws_name], atol=1e-4, err_msg=ws_name)
    for image_name, noise in [("img_psi1_const", "const"), ("img_psi1_none", "none")]:
        images = gan.synthesis(expected["ws_psi1"], noise=noise, output="float")
        np.testing.assert_allclose(images, expected[image_name], atol=1e-3, err_msg=image_name)


def test_a_seed_is_numpys_randomstate_latent(unconditional):
    seeds = [0, 42, 2**32 - 1]
    z = np.stack([np.random.RandomState(s).randn(32) for s in seeds])
    from_seeds = unconditional.generate(seeds=seeds, output="float")
    np.testing.assert_allclose(unconditional.generate(z=z, output="float"), from_seeds, atol=1e-6)
    assert np.array_equal(unconditional.generate(seeds="0,42,4294967295"),
                          unconditional.generate(seeds=seeds))


def test_uint8_images_are_the_float_output_rounded_to_0_255(conditional):
    images = conditional.generate(seeds=[3, 4], class_idx=2)
    floats = conditional.generate(seeds=[3, 4], class_idx=2, output="float")
    assert images.shape == (2, 16, 16, 3) and images.dtype == np.uint8
    assert floats.shape == (2, 3, 16, 16) and floats.dtype == np.float32
    expected = np.clip(np.rint(floats.transpose(0, 2, 3, 1) * 127.5 + 127.5), 0, 255)
    assert np.abs(images.astype(np.int16) - expected).max() <= 1


def test_mapping_then_synthesis_is_generate(conditional):
    z = np.random.RandomState(5).randn(3, 32)
    labels = np.eye(4, dtype=np.float32)[[0, 3, 1]]
    ws = conditional.mapping(z, c=labels, truncation=0.5, cutoff=3)
    assert ws.shape == (3, 6, 32)
    assert np.array_equal(conditional.synthesis(ws), conditional.synthesis(
        conditional.mapping(z, c=labels, truncation=0.5, cutoff=3)))
    by_class = conditional.mapping(z[:1], c=3)
    np.testing.assert_array_equal(by_class, conditional.mapping(z[:1], c=labels[1:2]))
    one_class = conditional.generate(z=z, class_idx=1, truncation=0.5, cutoff=3, output="float")
    np.testing.assert_allclose(
        conditional.synthesis(conditional.mapping(z, c=1, truncation=0.5, cutoff=3),
                              output="float"),
        one_class, atol=1e-6)


def test_interpolation_runs_from_one_seeds_face_to_the_others(unconditional):
    ends = unconditional.generate(seeds=[10, 20], output="float")
    for space in ["w", "z"]:
        morph = unconditional.interpolate(10, 20, 5, space=space, output="float")
        assert morph.shape == (5, 3, 32, 32)
        np.testing.assert_allclose(morph[0], ends[0], atol=1e-3, err_msg=space)
        np.testing.assert_allclose(morph[-1], ends[1], atol=1e-3, err_msg=space)
        assert np.abs(morph[2] - ends[0]).max() > 1e-2


def test_style_mixing_takes_the_later_layers_from_the_mix_seeds(unconditional):
    seeds, mix = [1, 2], [7, 8]
    num_ws = unconditional.info.num_ws
    plain = unconditional.generate(seeds=seeds, output="float")
    # Crossover at the last layer + 1 mixes nothing; at 0 every layer comes from the mix seed.
    assert np.array_equal(unconditional.generate(seeds=seeds, mix_seeds=mix, crossover=num_ws,
                                                 output="float"), plain)
    assert np.allclose(unconditional.generate(seeds=seeds, mix_seeds=mix, crossover=0,
                                              output="float"),
                       unconditional.generate(seeds=mix, output="float"), atol=1e-5)
    # Mixing halfway is neither face: it is the synthesis of the spliced ws.
    ws_a = unconditional.mapping(likeness_z(unconditional, seeds))
    ws_b = unconditional.mapping(likeness_z(unconditional, mix))
    half = num_ws // 2
    spliced = np.concatenate([ws_a[:, :half], ws_b[:, half:]], axis=1)
    assert np.allclose(unconditional.generate(seeds=seeds, mix_seeds=mix, crossover=half,
                                              output="float"),
                       unconditional.synthesis(spliced, output="float"), atol=1e-5)
    with pytest.raises(likeness.InvalidArgumentError, match="both mix_seeds and crossover"):
        unconditional.generate(seeds=seeds, mix_seeds=mix)
    with pytest.raises(likeness.InvalidArgumentError, match="takes seeds, not z"):
        unconditional.generate(z=np.zeros((1, unconditional.info.z_dim), np.float32), crossover=2)


def likeness_z(gan, seeds):
    """The latents NVIDIA's tools draw for these seeds."""
    rows = [np.random.RandomState(seed).randn(1, gan.info.z_dim) for seed in seeds]
    return np.concatenate(rows).astype(np.float32)


def test_torch_in_gives_torch_out_sharing_memory_on_the_cpu(unconditional):
    torch = pytest.importorskip("torch")
    z = torch.from_numpy(np.random.RandomState(1).randn(2, 32).astype(np.float32))
    images = unconditional.generate(z=z, output="float")
    assert isinstance(images, torch.Tensor) and images.dtype == torch.float32
    ws = unconditional.mapping(z)
    assert isinstance(ws, torch.Tensor) and ws.shape == (2, 8, 32)
    np.testing.assert_allclose(unconditional.synthesis(ws, output="float").numpy(),
                               images.numpy(), atol=1e-6)
    # The tensor is a view of the SDK's buffer, not a copy of it.
    assert images.numpy().base is not None


def test_bad_arguments_raise_invalid_argument_errors_that_say_why(conditional, unconditional):
    cases = [
        (lambda: conditional.generate(seeds=[1], class_idx=1, truncation=float("nan")), "psi"),
        (lambda: conditional.generate(seeds=[1], class_idx=1, truncation=2.5), "[-1, 2]"),
        (lambda: conditional.generate(seeds=[1]), "conditional"),
        (lambda: conditional.generate(seeds=[1], class_idx=4), "class_index"),
        (lambda: unconditional.generate(seeds=[-1]), "seed -1"),
        (lambda: unconditional.generate(seeds=[2**32]), "4294967296"),
        (lambda: unconditional.generate(seeds="9-1"), "backwards"),
        (lambda: unconditional.generate(seeds=[]), "empty"),
        (lambda: unconditional.generate(), "seeds or z"),
        (lambda: unconditional.generate(z=np.zeros((2, 31))), "(N, 32)"),
        (lambda: unconditional.generate(seeds=[1], noise="hot"), "'const'"),
        (lambda: unconditional.generate(seeds=[1], output="half"), "'float'"),
        (lambda: unconditional.synthesis(np.zeros((1, 7, 32))), "(N, 8, 32)"),
        (lambda: conditional.mapping(np.zeros((2, 32)), c=np.zeros((3, 4))), "label values"),
        (lambda: unconditional.interpolate(1, 2, 0), "steps"),
    ]
    for call, part in cases:
        with pytest.raises(likeness.InvalidArgumentError) as raised:
            call()
        assert part in str(raised.value), part


def test_a_missing_file_is_an_io_error(tmp_path):
    with pytest.raises(likeness.IOError, match="missing.safetensors"):
        likeness.Gan.load(tmp_path / "missing.safetensors")


def test_parse_seeds_and_info(unconditional):
    assert likeness.parse_seeds("1,5,9-12") == [1, 5, 9, 10, 11, 12]
    assert unconditional.info == likeness.GanInfo(32, 0, 32, 8, 32, 3)
    assert unconditional.device == "cpu"



def test_ctrl_c_stops_a_long_generation_between_batches(unconditional):
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            unconditional.generate(seeds="0-100000", batch_size=1)
    finally:
        timer.cancel()
