"""Long SDK calls release the GIL, so other Python threads keep running during them."""

import os
import threading
import pathlib
import time

import pytest

import likeness
from pictures import noise

GAN = pathlib.Path(__file__).resolve().parents[1] / "data/gan/tiny_unconditional_32.safetensors"
PIPELINES = pathlib.Path(os.environ.get("LIKENESS_TINY_PIPELINES", "/nonexistent"))


@pytest.fixture(scope="module")
def big():
    """A 4096 x 4096 RGB image, smooth enough to encode quickly, and its JPEG."""
    image = likeness.resize_image(noise(256, 256, 3), 4096, 4096, linear_light=False)
    return image, likeness.encode_image(image, "jpeg")


@pytest.mark.parametrize(
    "work",
    [
        lambda image, jpeg: likeness.resize_image(image, 2048, 2048),
        lambda image, jpeg: likeness.decode_image(jpeg),
        lambda image, jpeg: likeness.Gan.load(GAN).generate(seeds="0-63", batch_size=64),
        pytest.param(
            lambda image, jpeg: likeness.Diffusion.load(PIPELINES / "txt2img").generate(
                prompt="a face", width=256, height=256, steps=4, batch=2),
            marks=pytest.mark.skipif(not (PIPELINES / "txt2img").is_dir(),
                                     reason=f"no tiny pipelines in {PIPELINES}"),
        ),
    ],
    ids=["resize", "decode", "gan", "diffusion"],
)
def test_the_main_thread_runs_python_while_a_call_works_in_another(big, work):
    window = {}

    def worker():
        window["start"] = time.perf_counter()
        work(*big)
        window["end"] = time.perf_counter()

    thread = threading.Thread(target=worker)
    ticks = []
    thread.start()
    while thread.is_alive():
        ticks.append(time.perf_counter())
    thread.join()
    # Ticks may fall just after the start and just before the end even with the GIL held
    # throughout (the interpreter switches threads between bytecodes); in the middle of the
    # call only a released GIL lets the loop run.
    start, end = window["start"], window["end"]
    margin = (end - start) / 5
    assert sum(start + margin < t < end - margin for t in ticks) > 0
