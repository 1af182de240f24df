from typing import Any, Callable, Literal, Optional, Union

from typing_extensions import Buffer

import numpy as np
import numpy.typing as npt

_Threshold = Literal["debug", "info", "warn", "error", "none"]
_Level = Literal["debug", "info", "warn", "error"]

__version__: str

class Image:
    """Pixels owned by the SDK, exported as a (H, W, C) uint8 buffer."""

    def __buffer__(self, flags: int, /) -> memoryview: ...

class Context:
    """The device, CPU threads, log sink and interrupt flag that SDK calls use."""

    def __init__(
        self,
        device: str = "cpu",
        num_threads: int = 0,
        log_level: _Threshold = "warn",
        log: Optional[Callable[[_Level, str], object]] = None,
    ) -> None: ...
    @property
    def device(self) -> str:
        """The device the context resolved to, e.g. "cpu" or "cuda:0"."""
    @property
    def interrupted(self) -> bool:
        """True between interrupt() and resume()."""
    def interrupt(self) -> None:
        """Makes running and later long calls on this context raise CancelledError."""
    def resume(self) -> None:
        """Lets calls run again after interrupt()."""
    def log(self, level: _Level, message: str) -> None:
        """Sends a message through the context's log sink, if level reaches its threshold."""
    def describe(self) -> dict[str, Any]:
        """The build, the compute library and the devices."""

def abi_version() -> int:
    """ABI version of the loaded liblikeness."""

# Paths arrive as os.fsencode() bytes; pixels as interleaved uint8 buffers.
def load_image(path: bytes, channels: int) -> Image: ...
def decode_image(data: Buffer, channels: int) -> Image: ...
def save_image(
    pixels: Buffer, path: bytes, quality: int, format: Optional[str],
    provenance: Optional[Provenance]
) -> None: ...
def encode_image(
    pixels: Buffer, format: str, quality: int, provenance: Optional[Provenance]
) -> bytes: ...
def convert_image(pixels: Buffer, channels: int) -> Image: ...
def resize_image(
    pixels: Buffer, width: int, height: int, filter: str, linear_light: bool
) -> Image: ...

class FloatArray:
    """float32 values owned by the SDK, exported as an N-dimensional buffer."""

    def __buffer__(self, flags: int, /) -> memoryview: ...

class ByteArray:
    """uint8 values owned by the SDK, exported as an N-dimensional buffer."""

    def __buffer__(self, flags: int, /) -> memoryview: ...

_Result = Union[FloatArray, ByteArray]

class Gan:
    """A StyleGAN2 generator with its own context."""

    def __init__(self, path: bytes, device: str) -> None: ...
    @property
    def info(self) -> dict[str, int]: ...
    @property
    def device(self) -> str: ...
    def provenance(self) -> Provenance: ...
    watermark: bool
    def generate_seeds(
        self, seeds: list[int], truncation: float, cutoff: Optional[int], noise: str,
        class_idx: Optional[int], labels: Optional[Buffer], batch_size: Optional[int],
        output: str, mix_seeds: list[int], crossover: Optional[int],
    ) -> _Result: ...
    def generate_z(
        self, z: Buffer, truncation: float, cutoff: Optional[int], noise: str,
        class_idx: Optional[int], labels: Optional[Buffer], batch_size: Optional[int],
        output: str,
    ) -> _Result: ...
    def synthesis(
        self, w: Buffer, noise: str, batch_size: Optional[int], output: str
    ) -> _Result: ...
    def mapping(
        self, z: Buffer, c: Optional[Buffer], truncation: float, cutoff: Optional[int],
        class_idx: Optional[int],
    ) -> FloatArray: ...
    def interpolate(
        self, seed_a: int, seed_b: int, steps: int, space: str, truncation: float,
        cutoff: Optional[int], noise: str, class_idx: Optional[int], output: str,
    ) -> _Result: ...

def parse_seeds(text: str) -> list[int]: ...

class Diffusion:
    """A Stable Diffusion 1.x model with its own context."""

    def __init__(
        self, path: bytes, device: str, dtype: str, tokenizer_dir: Optional[bytes]
    ) -> None: ...
    @property
    def info(self) -> dict[str, Union[int, str]]: ...
    @property
    def device(self) -> str: ...
    def provenance(self) -> Provenance: ...
    watermark: bool
    def generate(
        self, prompt: str, negative_prompt: str, width: int, height: int, steps: int,
        guidance: float, sampler: str, karras: bool, eta: float, seed: int, batch: int,
        clip_skip: int, init_image: Optional[Buffer], strength: float, mask: Optional[Buffer],
        progress: Optional[Callable[[int, int], Optional[bool]]],
    ) -> ByteArray: ...

def train_gan(
    data: str, out_dir: str, resolution: int, options: dict[str, Any], device: str,
    threads: int, progress: Callable[[dict[str, Any]], Optional[bool]],
) -> None: ...

def evaluate_gan(
    model: str, data: str, inception: str, num: int, fid: bool, kid: bool, batch_size: int,
    kid_subsets: int, kid_subset_size: int, kid_seed: int, device: str,
) -> dict[str, Any]: ...

class SourceType:
    """The IPTC digital source type an image states."""

    UNSTATED: SourceType
    TRAINED_ALGORITHMIC: SourceType
    COMPOSITE_TRAINED: SourceType
    OTHER: SourceType
    def __init__(self, value: int) -> None: ...
    def __int__(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...

class Provenance:
    """What a saved or marked image says about its origin (lk_provenance)."""

    source_type: SourceType
    software: str
    model_name: str
    model_hash: str
    seed: Optional[int]
    prompt: str
    watermark: bool
    payload: int
    key: int
    def __init__(self) -> None: ...

class WatermarkResult:
    """A watermark detection: found means p_value <= WATERMARK_THRESHOLD."""

    @property
    def found(self) -> bool: ...
    @property
    def payload(self) -> int: ...
    @property
    def p_value(self) -> float: ...
    @property
    def matched_bits(self) -> int: ...
    @property
    def voted_bits(self) -> int: ...
    @property
    def strength(self) -> int: ...
    @property
    def grid(self) -> tuple[int, int]: ...

class ProvenanceReport:
    """What a file says about its origin: its XMP record and its watermark."""

    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def has_metadata(self) -> bool: ...
    @property
    def metadata_error(self) -> str: ...
    @property
    def source_type(self) -> SourceType: ...
    @property
    def digital_source_type(self) -> str: ...
    @property
    def software(self) -> str: ...
    @property
    def model_name(self) -> str: ...
    @property
    def model_hash(self) -> str: ...
    @property
    def prompt(self) -> str: ...
    @property
    def seed(self) -> Optional[int]: ...
    @property
    def stated_payload(self) -> Optional[int]: ...
    @property
    def watermark(self) -> WatermarkResult: ...

DEFAULT_WATERMARK_KEY: int
WATERMARK_MIN_SIDE: int
WATERMARK_THRESHOLD: float

def embed_watermark(pixels: Buffer, payload: int, key: int) -> Image: ...
def detect_watermark(pixels: Buffer, key: int) -> WatermarkResult: ...
def inspect_path(path: bytes, key: int) -> ProvenanceReport: ...
def inspect_bytes(data: Buffer, key: int) -> ProvenanceReport: ...
def mark_file(in_path: bytes, out_path: bytes, provenance: Provenance, quality: int) -> None: ...

# Faces (face.h)

SAME_PERSON_DISTANCE: float

class Face:
    """One face: detection, 68 landmarks, descriptor and quality."""

    @property
    def score(self) -> float: ...
    @property
    def box(self) -> tuple[float, float, float, float]: ...
    @property
    def landmarks(self) -> npt.NDArray[np.float32]: ...
    @property
    def descriptor(self) -> Optional[npt.NDArray[np.float32]]: ...
    @property
    def descriptor_box(self) -> tuple[float, float, float, float]: ...
    @property
    def quality(self) -> Optional[float]: ...
    @property
    def measures(self) -> dict[str, tuple[float, float]]: ...

class FaceAnalyzer:
    def __init__(
        self, models: Optional[bytes], detector: str, tiny_landmarks: bool, descriptors: bool,
        quality: bool, min_confidence: float, max_faces: int, tiny_input_size: int,
        scoring_config: Optional[bytes], bfloat16: bool,
    ) -> None: ...
    def analyze(self, pixels: Buffer) -> list[Face]: ...
    def check_selfies(self, paths: list[bytes]) -> tuple[str, str]: ...
    def assess_generated(self, pixels: Buffer) -> str: ...

def face_distance(a: npt.ArrayLike, b: npt.ArrayLike) -> float: ...
def annotate_faces(pixels: Buffer, faces: list[Face]) -> Image: ...
