"""Long SDK calls release the GIL, so other Python threads keep running during them."""

import threading
import pathlib
import time

import pytest

import likeness
from pictures import noise

GAN = pathlib.Path(__file__).resolve().parents[1] / "data/gan/tiny_unconditional_32.safetensors"


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
    ],
    ids=["resize", "decode", "gan"],
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
