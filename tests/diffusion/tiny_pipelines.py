"""What the checks against diffusers on the tiny pipelines (make_tiny_pipelines.py) need."""
import os
import sys

SKIP = 77


def require(root):
    """Exits with 77, which ctest reports as skipped, saying why, without diffusers and
    transformers or without the tiny pipelines in ROOT."""
    try:
        import diffusers  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as error:
        print(f"skipped: {error} (scripts/setup.sh installs diffusers and transformers)")
        sys.exit(SKIP)
    if not os.path.isdir(os.path.join(root, "txt2img")):
        print(f"skipped: no tiny pipelines in {root} (the diffusion.make_tiny_pipelines test writes them)")
        sys.exit(SKIP)
