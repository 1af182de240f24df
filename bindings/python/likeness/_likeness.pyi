from typing import Any, Callable, Literal, Optional, Union

from typing_extensions import Buffer

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
def save_image(pixels: Buffer, path: bytes, quality: int, format: Optional[str]) -> None: ...
def encode_image(pixels: Buffer, format: str, quality: int) -> bytes: ...
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

def train_gan(
    data: str, out_dir: str, resolution: int, options: dict[str, Any], device: str,
    threads: int, progress: Callable[[dict[str, Any]], Optional[bool]],
) -> None: ...

def evaluate_gan(
    model: str, data: str, inception: str, num: int, fid: bool, kid: bool, batch_size: int,
    kid_subsets: int, kid_subset_size: int, kid_seed: int, device: str,
) -> dict[str, Any]: ...
