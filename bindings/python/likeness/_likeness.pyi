from typing import Any, Callable, Literal, Optional

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
