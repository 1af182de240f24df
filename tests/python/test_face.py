"""Faces from Python: the numbers the C++ side (the CLI's JSON) gives on a demo photo, the
descriptor distance as numpy computes it, annotation, and bad input."""

import _thread
import json
import os
import pathlib
import subprocess
import threading

import numpy as np
import pytest

import likeness

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODELS = ROOT / "models" / "face-api"
PHOTO = ROOT / "scripts" / "node" / "node_modules" / "@vladmandic" / "face-api" / "demo" / "sample1.jpg"

pytestmark = pytest.mark.skipif(
    not (MODELS / "ssd_mobilenetv1_model.bin").exists() or not PHOTO.exists(),
    reason="face-api's models or demo photos are not installed; scripts/setup.sh installs them",
)


@pytest.fixture(scope="module")
def analyzer():
    return likeness.FaceAnalyzer(MODELS)


@pytest.fixture(scope="module")
def photo():
    return likeness.load_image(PHOTO)


@pytest.fixture(scope="module")
def faces(analyzer, photo):
    return analyzer.analyze(photo)


@pytest.fixture(scope="module")
def cpp_faces():
    """The faces the C++ side (the CLI's JSON report) finds in the photo."""
    cli = os.environ.get("LIKENESS_CLI")
    if not cli:
        pytest.skip("LIKENESS_CLI (the likeness executable) is not set; ctest sets it")
    run = subprocess.run([cli, "face", "analyze", str(PHOTO), "--models", str(MODELS), "--json"],
                         check=True, capture_output=True)
    return json.loads(run.stdout)["faces"]


# Equal up to the rounding of a different thread count: the compute library's pool is per process,
# and other tests in this one set it, which reorders the convolutions' sums.
def test_faces_carry_the_numbers_the_cpp_side_reports(faces, cpp_faces):
    assert len(faces) == len(cpp_faces) == 3
    for face, want in zip(faces, cpp_faces):
        assert face.score == pytest.approx(want["score"], abs=1e-5)
        assert face.box == pytest.approx([want["box"][k] for k in ("x", "y", "width", "height")], abs=1e-3)
        np.testing.assert_allclose(face.landmarks, want["landmarks"], atol=1e-3)
        np.testing.assert_allclose(face.descriptor, want["descriptor"], atol=1e-5)


def test_face_fields_have_their_documented_types(faces):
    face = faces[0]
    assert isinstance(face.score, float) and 0.5 < face.score <= 1
    assert len(face.box) == 4 and len(face.descriptor_box) == 4
    assert face.landmarks.dtype == np.float32 and face.landmarks.shape == (68, 2)
    assert face.descriptor.dtype == np.float32 and face.descriptor.shape == (128,)
    assert 0 <= face.quality <= 100
    raw, component = face.measures["sharpness"]
    assert raw > 0 and 0 <= component <= 100
    assert len(face.measures) == 23
    x, y, width, height = face.box
    eye = face.landmarks[36]
    assert x <= eye[0] <= x + width and y <= eye[1] <= y + height


def test_without_descriptors_or_quality_those_are_none(photo):
    faces = likeness.FaceAnalyzer(MODELS, detector="tiny", tiny_landmarks=True, descriptors=False,
                                  quality=False).analyze(photo)
    assert len(faces) == 3
    assert all(face.descriptor is None and face.quality is None and face.measures == {} for face in faces)


def test_measures_are_the_cpp_sides(faces, cpp_faces):
    for face, want in zip(faces, cpp_faces):
        assert face.quality == pytest.approx(want["quality"], rel=1e-3)
        assert face.measures.keys() == want["measures"].keys()
        for key, (raw, component) in face.measures.items():
            expected = want["measures"][key]
            assert raw == pytest.approx(expected["raw"], rel=1e-3, abs=1e-6), key
            assert component == pytest.approx(expected["component"], rel=1e-3, abs=1e-3), key


def test_a_scoring_config_moves_the_components(photo, tmp_path):
    config = tmp_path / "scoring.json"
    config.write_text('{"mappings": {"face_size": {"x0": 1000}}}')
    face = likeness.FaceAnalyzer(MODELS, scoring_config=config).analyze(photo)[0]
    assert face.measures["face_size"][1] < 1
    config.write_text('{"mappings": {"face_size": {"w": 0}}}')
    with pytest.raises(likeness.InvalidArgumentError, match="face_size"):
        likeness.FaceAnalyzer(MODELS, scoring_config=config)


def test_check_selfies_judges_files_and_folders(analyzer, tmp_path):
    (tmp_path / "one.jpg").write_bytes(PHOTO.read_bytes())
    (tmp_path / "two.jpg").write_bytes(b"not a jpeg")
    check = analyzer.check_selfies(tmp_path)
    assert isinstance(check, likeness.SelfieCheck)
    assert check.report["photo_count"] == 2 and check.report["verdict"] == "not_ready"
    assert [p["reasons"][0]["code"] for p in check.report["photos"]] == ["several_faces", "unreadable"]
    assert "0 of 2 photos accepted" in check.summary
    single = analyzer.check_selfies([PHOTO])
    assert single.report["photo_count"] == 1


def test_ctrl_c_stops_a_long_selfie_check_between_photos(analyzer):
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            analyzer.check_selfies([PHOTO] * 1000)
    finally:
        timer.cancel()


def test_assess_generated_says_keep_or_reject_with_reasons(analyzer, photo):
    assessment = analyzer.assess_generated(photo)
    assert assessment["keep"] == (assessment["score"] >= 50)
    assert {c["id"] for c in assessment["checks"]} >= {"detection", "spectral_tail"}
    flat = analyzer.assess_generated(np.full((64, 64, 3), 90, np.uint8))
    assert flat["keep"] is False and flat["reasons"][0]["code"] == "no_face"


def test_distance_is_numpys_euclidean_norm(faces):
    a, b = faces[0].descriptor, faces[1].descriptor
    expected = np.linalg.norm(a.astype(np.float64) - b.astype(np.float64))
    assert likeness.face_distance(a, b) == pytest.approx(expected, abs=1e-6)
    assert likeness.face_distance(list(a), a) == 0
    assert likeness.face_distance(a, b) > likeness.SAME_PERSON_DISTANCE
    with pytest.raises(likeness.InvalidArgumentError, match="127 values"):
        likeness.face_distance(a[:127], b)


def test_gray_pixels_as_two_or_three_dimensions_give_the_same_faces(analyzer, photo):
    gray = likeness.convert_image(photo, 1)
    flat = analyzer.analyze(gray[:, :, 0])
    shaped = analyzer.analyze(gray)
    assert len(flat) == len(shaped) > 0
    for a, b in zip(flat, shaped):
        assert a.box == b.box
        np.testing.assert_array_equal(a.descriptor, b.descriptor)


def test_an_image_without_a_face_gives_an_empty_list(analyzer):
    assert analyzer.analyze(np.full((64, 48), 128, np.uint8)) == []


def test_annotate_draws_on_a_copy(faces, photo):
    drawn = likeness.annotate(photo, faces)
    assert drawn.shape == photo.shape and drawn.dtype == np.uint8
    assert not np.array_equal(drawn, photo)
    x, y, width, _ = faces[0].box
    assert tuple(drawn[int(y), int(x + width / 2)]) == (0, 255, 0)
    rgba = likeness.annotate(likeness.convert_image(photo, 4), faces)
    assert rgba.shape[2] == 4


def test_bad_input_is_refused_with_the_reason(analyzer, tmp_path, monkeypatch):
    with pytest.raises(likeness.InvalidArgumentError, match="'ssd', 'tiny'"):
        likeness.FaceAnalyzer(MODELS, detector="mtcnn")
    with pytest.raises(likeness.IOError, match="ssd_mobilenetv1"):
        likeness.FaceAnalyzer(tmp_path)
    monkeypatch.delenv("LIKENESS_FACE_MODELS", raising=False)
    with pytest.raises(likeness.InvalidArgumentError, match="LIKENESS_FACE_MODELS"):
        likeness.FaceAnalyzer()
    with pytest.raises(likeness.InvalidArgumentError, match="uint8"):
        analyzer.analyze(np.zeros((8, 8, 3), np.float32))
