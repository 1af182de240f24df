"""examples/python/roundtrip.py runs and reports what it did."""

import pathlib
import re
import subprocess
import sys

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
