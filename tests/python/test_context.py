"""likeness.Context: device, description, interrupt flag and the Python log sink."""

import gc
import sys
import threading

import pytest

import likeness


def cuda_present():
    return any(d["name"].startswith("cuda") for d in likeness.Context().describe()["devices"])


def test_default_context_is_on_the_cpu():
    context = likeness.Context()
    assert context.device == "cpu"
    assert repr(context) == "likeness.Context(device='cpu')"


def test_auto_takes_cuda_only_where_present():
    assert likeness.Context(device="auto").device == ("cuda:0" if cuda_present() else "cpu")


@pytest.mark.skipif(cuda_present(), reason="a CUDA device is present")
def test_asking_for_cuda_without_a_gpu_is_unsupported_not_a_fallback():
    with pytest.raises(likeness.UnsupportedError, match="cuda") as caught:
        likeness.Context(device="cuda")
    assert caught.value.status == "LK_ERR_UNSUPPORTED"
    assert isinstance(caught.value, RuntimeError)


def test_an_unknown_device_is_an_invalid_argument():
    with pytest.raises(likeness.InvalidArgumentError, match="'tpu'"):
        likeness.Context(device="tpu")


@pytest.mark.parametrize("threads", [-1, 100000])
def test_thread_counts_out_of_range_are_invalid_arguments(threads):
    with pytest.raises(likeness.InvalidArgumentError, match="num_threads"):
        likeness.Context(num_threads=threads)


def test_describe_is_a_dict_of_the_build_library_and_devices():
    description = likeness.Context(num_threads=1).describe()
    assert description["likeness"]["version"] == likeness.__version__
    assert description["likeness"]["abi"] == likeness.abi_version()
    assert description["context"] == {"device": "cpu", "interrupted": False}
    assert description["devices"][0] == {"name": "cpu", "threads": 1}
    assert description["torch"]["version"].startswith("2.")


def test_interrupt_holds_until_resume():
    context = likeness.Context()
    assert not context.interrupted
    context.interrupt()
    assert context.interrupted
    assert context.describe()["context"]["interrupted"] is True
    context.resume()
    assert not context.interrupted


def test_the_log_callable_receives_messages_at_or_above_the_level():
    received = []
    context = likeness.Context(log_level="info", log=lambda *message: received.append(message))
    context.log("debug", "below the threshold")
    context.log("info", "plain")
    context.log("error", "bad: \u00e9")
    assert received == [("info", "plain"), ("error", "bad: \u00e9")]


def test_context_creation_logs_through_the_callable_at_debug():
    received = []
    likeness.Context(log_level="debug", log=lambda level, text: received.append((level, text)))
    assert [level for level, _ in received] == ["debug"]
    assert "context created on cpu" in received[0][1]


def test_the_context_keeps_the_callable_alive():
    received = []

    def make_sink():
        # Only the context refers to the closure once this returns.
        return lambda level, text: received.append(text)

    context = likeness.Context(log=make_sink())
    gc.collect()
    context.log("warn", "still here")
    assert received == ["still here"]


def test_messages_from_other_threads_reach_the_callable():
    received = []
    context = likeness.Context(log=lambda level, text: received.append(text))
    threads = [threading.Thread(target=context.log, args=("warn", f"t{i}")) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(received) == ["t0", "t1", "t2", "t3"]


def test_an_exception_in_the_callable_is_reported_as_unraisable(monkeypatch):
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    def failing(level, text):
        raise KeyError(text)

    context = likeness.Context(log=failing)
    context.log("error", "boom")
    assert len(reported) == 1
    assert isinstance(reported[0].exc_value, KeyError)
    assert reported[0].object is failing


def test_without_a_callable_messages_go_to_stderr(capfd):
    likeness.Context().log("warn", "to stderr")
    assert "to stderr" in capfd.readouterr().err
