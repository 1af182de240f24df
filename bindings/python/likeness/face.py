"""Faces in photos: where they are, their 68 landmarks, a 128-D identity descriptor and quality.

The models are face-api's (SSD-MobileNetV1 or the tiny detector, the 68-point landmark nets and
the recognition net), run by the SDK; scripts/setup.sh installs them into models/face-api.

    analyzer = likeness.FaceAnalyzer("models/face-api")
    faces = analyzer.analyze(likeness.load_image("photo.jpg"))
    faces[0].score, faces[0].box, faces[0].landmarks          # float, (x, y, w, h), (68, 2)
    likeness.face_distance(faces[0].descriptor, faces[1].descriptor) < SAME_PERSON_DISTANCE
"""

import json
import os
from typing import NamedTuple

import numpy as np

from . import _likeness
from ._likeness import SAME_PERSON_DISTANCE, Face


class SelfieCheck(NamedTuple):
    """The selfie-set check's outcome: the report (docs/face_checks.md describes it) and a summary."""

    report: dict
    summary: str


class FaceAnalyzer:
    """Finds and describes the faces in images; usable from several threads at once.

    models: the folder of face-api's model files; None means $LIKENESS_FACE_MODELS. detector:
    "ssd" (accurate) or "tiny" (fast). tiny_landmarks: the tiny 68-point net. descriptors:
    compute identity descriptors. quality: run the quality measures. Detections scoring at or
    below min_confidence are dropped; at most max_faces are kept. tiny_input_size: the tiny
    detector's input side, a multiple of 32. scoring_config: a JSON file overriding the quality
    measures' mappings (docs/face.md). bfloat16: run the nets in bfloat16, the whole analysis
    1.7x faster on a CPU with AVX-512 BF16, with results that move about as much as between two JPEG
    decoders. Each model file is checked (size, SHA-256).
    """

    def __init__(self, models=None, detector="ssd", tiny_landmarks=False, descriptors=True,
                 quality=True, min_confidence=0.5, max_faces=100, tiny_input_size=416,
                 scoring_config=None, bfloat16=False):
        self._native = _likeness.FaceAnalyzer(
            None if models is None else os.fsencode(models), detector, tiny_landmarks,
            descriptors, quality, min_confidence, max_faces, tiny_input_size,
            None if scoring_config is None else os.fsencode(scoring_config), bfloat16,
        )

    def analyze(self, image):
        """The faces in a uint8 (H, W) or (H, W, C) image, best detection first: a list of Face.

        Gray is read as RGB, alpha is ignored. An image without faces gives [].
        """
        from . import _pixels

        return self._native.analyze(_pixels(image))

    def check_selfies(self, paths):
        """Judges photo files as a selfie set for likeness training: a SelfieCheck.

        paths: photo files, or one folder (its files are checked). Files that cannot be read
        are rejected photos, with the reason. Ctrl-C stops the check between photos.
        """
        if isinstance(paths, (str, bytes, os.PathLike)):
            paths = [paths]
        report, summary = self._native.check_selfies([os.fsencode(path) for path in paths])
        return SelfieCheck(json.loads(report), summary)

    def assess_generated(self, image):
        """How a generated face fares: {"keep": bool, "score": float, "reasons": [...],
        "checks": [...]} for the best face of a uint8 image."""
        from . import _pixels

        return json.loads(self._native.assess_generated(_pixels(image)))


def face_distance(a, b):
    """Euclidean distance between two 128-value descriptors; below SAME_PERSON_DISTANCE the two
    are taken to be one person."""
    return _likeness.face_distance(np.asarray(a), np.asarray(b))


def annotate(image, faces):
    """A copy of `image` with the faces' boxes, landmarks and scores drawn on it: (H, W, 3)
    uint8, or (H, W, 4) where the image has alpha."""
    from . import _pixels

    return np.asarray(_likeness.annotate_faces(_pixels(image), list(faces)))
