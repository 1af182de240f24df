"""The examples in examples/python run and report what they did."""

import os
import pathlib
import re
import subprocess
import sys

import pytest

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python" / "roundtrip.py"


def test_the_roundtrip_example_reports_an_exact_png_and_a_faithful_jpeg(tmp_path):
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--quality", "90", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "640x480, identical to the source: True" in result.stdout
    assert "320x240, quality 90" in result.stdout
    assert float(re.search(r"PSNR ([0-9.]+) dB", result.stdout).group(1)) > 38
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gradient-half.jpg", "gradient.png"]


MORPH = EXAMPLE.with_name("morph.py")
TINY_GAN = pathlib.Path(__file__).resolve().parents[1] / "data" / "gan" / "tiny_unconditional_32.safetensors"


def test_the_morph_example_writes_one_strip_of_frames(tmp_path):
    out = tmp_path / "morph.png"
    result = subprocess.run(
        [sys.executable, str(MORPH), str(TINY_GAN), "--steps", "5", "--out", str(out)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "5 frames from seed 3 to 17" in result.stdout
    import likeness
    strip = likeness.load_image(out)
    assert strip.shape == (32, 5 * 32, 3)


PORTRAITS = EXAMPLE.with_name("npc_portraits.py")
PIPELINES = pathlib.Path(os.environ.get("LIKENESS_TINY_PIPELINES", "/nonexistent"))


@pytest.mark.skipif(not (PIPELINES / "txt2img").is_dir(), reason=f"no tiny pipelines in {PIPELINES}")
def test_the_portraits_example_marks_each_portrait_with_its_prompt_and_seed(tmp_path):
    result = subprocess.run(
        [sys.executable, str(PORTRAITS), str(PIPELINES / "txt2img"), "--steps", "2",
         "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "captain: seed 102, 64x64" in result.stdout
    import likeness
    report = likeness.inspect_provenance(tmp_path / "captain.png")
    assert report.seed == 102 and "scar across one cheek" in report.prompt
    assert report.model_name == "txt2img"
    assert likeness.load_image(tmp_path / "cast.png").shape == (64, 4 * 64, 3)
