"""NVIDIA's StyleGAN network pickles, read as data and never as code.

A network pickle is a plain ``pickle.dump`` of a dict whose networks reduce to calls of
``torch_utils.persistence._reconstruct_persistent_obj(meta)``: unpickling them the usual way
would ``exec`` the Python source stored in ``meta``. The unpickler here resolves only an
explicit list of globals, each to a stand-in that records its arguments, so a file can describe
modules and tensors but cannot make anything run. Tensor data sits inside each storage's
``torch.storage._load_from_bytes`` argument, in torch's legacy (pre-zip) ``torch.save`` format,
which is parsed here by hand for the same reason.
"""

import collections
import io
import pickle
import struct
from typing import Any, BinaryIO, Callable, Dict, Iterator, Optional, Tuple

import numpy as np
import torch

from .errors import FormatError

# torch's legacy save format opens with these two pickled integers.
_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
_LEGACY_PROTOCOL = 1001

_STORAGE_DTYPES = {
    "FloatStorage": torch.float32,
    "DoubleStorage": torch.float64,
    "HalfStorage": torch.float16,
    "BFloat16Storage": torch.bfloat16,
    "LongStorage": torch.int64,
    "IntStorage": torch.int32,
    "ShortStorage": torch.int16,
    "CharStorage": torch.int8,
    "ByteStorage": torch.uint8,
    "BoolStorage": torch.bool,
    "UntypedStorage": torch.uint8,
}


class Storage:
    """A storage's raw little-endian bytes and element type."""

    __slots__ = ("dtype", "data")

    def __init__(self, dtype: torch.dtype, data: bytes):
        self.dtype = dtype
        self.data = data

    @property
    def numel(self) -> int:
        return len(self.data) // torch.empty((), dtype=self.dtype).element_size()


class Tensor:
    """A strided view into a :class:`Storage`; becomes a torch tensor only on request."""

    __slots__ = ("storage", "offset", "size", "stride")

    def __init__(self, storage: Storage, offset: int, size: Tuple[int, ...],
                 stride: Tuple[int, ...]):
        self.storage = storage
        self.offset = offset
        self.size = size
        self.stride = stride

    def to_torch(self) -> torch.Tensor:
        """A contiguous tensor that owns its memory."""
        if not self.storage.data:
            # frombuffer refuses empty buffers; the bounds check let only empty tensors through.
            return torch.empty(self.size, dtype=self.storage.dtype)
        flat = torch.frombuffer(bytearray(self.storage.data), dtype=torch.uint8)
        flat = flat.view(self.storage.dtype)
        return flat.as_strided(self.size, self.stride, self.offset).clone(
            memory_format=torch.contiguous_format)


class Module:
    """A pickled torch module: its class name and its ``__dict__`` as the file recorded it."""

    def __init__(self, class_name: str, state: Dict[str, Any]):
        self.class_name = class_name
        self.state = state

    def child(self, name: str) -> Optional["Module"]:
        child = self.state.get("_modules", {}).get(name)
        return child if isinstance(child, Module) else None

    def state_dict(self, prefix: str = "") -> Dict[str, Tensor]:
        """What ``torch.nn.Module.state_dict()`` would give, with the same names."""
        result: Dict[str, Tensor] = {}
        skipped = self.state.get("_non_persistent_buffers_set", set())
        for group in ("_parameters", "_buffers"):
            for name, value in self._entries(group, prefix):
                if value is None or (group == "_buffers" and name in skipped):
                    continue
                if not isinstance(value, Tensor):
                    raise FormatError(
                        f"{prefix}{name} in {group} of a {self.class_name} is a "
                        f"{type(value).__name__}, expected a tensor")
                result[prefix + name] = value
        for name, child in self._entries("_modules", prefix):
            if child is None:
                continue
            if not isinstance(child, Module):
                raise FormatError(
                    f"submodule {prefix}{name} of a {self.class_name} is a "
                    f"{type(child).__name__}, expected a torch module")
            result.update(child.state_dict(f"{prefix}{name}."))
        return result

    def _entries(self, group: str, prefix: str) -> Iterator[Tuple[str, Any]]:
        entries = self.state.get(group, {})
        if not isinstance(entries, dict):
            raise FormatError(f"{group} of {prefix or 'the network'} is not a dict")
        return iter(entries.items())


class _PlainModule(Module):
    """Base of the stand-ins for torch's own module classes, which pickle by class and state."""

    def __new__(cls, *args: Any) -> "_PlainModule":
        # Unpickling makes these with __new__ alone, so __new__ must leave them complete.
        module = super().__new__(cls)
        module.class_name, module.state = cls.__name__, {}
        return module

    def __setstate__(self, state: Any) -> None:
        if not isinstance(state, dict):
            raise FormatError(f"the state of a {self.class_name} is not a dict")
        self.state = state


class _EasyDict(dict):
    """Stands in for ``dnnlib.EasyDict``: only its items matter here."""


class _NumpyDType:
    """Stands in for ``numpy.dtype`` while unpickling, limited to numeric scalars."""

    def __init__(self, descr: Any, align: Any = False, copy: Any = False):
        if not isinstance(descr, str):
            raise FormatError(f"numpy dtype {descr!r} is not a type code")
        try:
            dtype = np.dtype(descr)
        except TypeError as error:
            raise FormatError(f"unknown numpy dtype {descr!r}") from error
        if dtype.kind not in "biufc":
            raise FormatError(f"numpy dtype {descr!r} is not numeric; only numbers are read")
        self.dtype = dtype

    def __setstate__(self, state: Any) -> None:
        # The second field is the byte order, which the type code alone does not carry.
        if isinstance(state, tuple) and len(state) > 1 and state[1] in ("<", ">"):
            self.dtype = self.dtype.newbyteorder(state[1])


def _numpy_scalar(dtype: Any, data: Any = None) -> Any:
    if not isinstance(dtype, _NumpyDType) or not isinstance(data, bytes):
        raise FormatError("a numpy scalar is not a numeric type code and its bytes")
    if len(data) != dtype.dtype.itemsize:
        raise FormatError(f"a numpy {dtype.dtype} scalar has {len(data)} bytes")
    return np.frombuffer(data, dtype=dtype.dtype)[0].item()


class NumpyArray:
    """An ndarray as older pickle protocols build it: created empty, then given its state."""

    def __init__(self) -> None:
        self.array: Optional[np.ndarray] = None

    def __setstate__(self, state: Any) -> None:
        if not (isinstance(state, tuple) and len(state) == 5 and isinstance(state[2], _NumpyDType)
                and isinstance(state[4], bytes)):
            raise FormatError("a numpy array is not a numeric array with its bytes")
        _, shape, dtype, fortran_order, data = state
        self.array = _numpy_array(data, dtype, shape, "F" if fortran_order else "C")


def _numpy_array(data: Any, dtype: Any, shape: Any, order: Any) -> np.ndarray:
    if not isinstance(dtype, _NumpyDType) or not isinstance(data, (bytes, bytearray)):
        raise FormatError("a numpy array is not a numeric array with its bytes")
    shape = _shape(shape, "numpy array shape")
    if len(data) != dtype.dtype.itemsize * int(np.prod(shape)) or order not in ("C", "F"):
        raise FormatError(f"a numpy array of shape {list(shape)} has {len(data)} bytes")
    return np.frombuffer(bytes(data), dtype=dtype.dtype).reshape(shape, order=order)


class _NdarrayName:
    """What the global ``numpy.ndarray`` resolves to: a name to compare, not a class to call."""


def _numpy_reconstruct(cls: Any, shape: Any, dtype_code: Any) -> NumpyArray:
    if cls is not _NdarrayName:
        raise FormatError("a numpy array of a class other than ndarray")
    return NumpyArray()


def _reconstruct_persistent_obj(meta: Any) -> Module:
    if not isinstance(meta, dict) or meta.get("type") != "class":
        raise FormatError("a persistent object's description is not a class description")
    class_name, state = meta.get("class_name"), meta.get("state")
    if not isinstance(class_name, str) or not isinstance(state, dict):
        raise FormatError("a persistent object lacks its class name or its state")
    return Module(class_name, state)


def _shape(value: Any, what: str) -> Tuple[int, ...]:
    if not isinstance(value, (tuple, list)) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
        raise FormatError(f"a tensor's {what} is not a sequence of non-negative integers")
    return tuple(value)


def _rebuild_tensor_v2(storage: Any, offset: Any, size: Any, stride: Any,
                       requires_grad: Any = False, backward_hooks: Any = None,
                       metadata: Any = None) -> Tensor:
    if not isinstance(storage, Storage):
        raise FormatError("a tensor's storage is not a storage")
    if metadata:
        raise FormatError("a tensor carries extra metadata (conjugate or negative bits); "
                          "expected plain tensors")
    size, stride = _shape(size, "size"), _shape(stride, "stride")
    if len(size) != len(stride) or not isinstance(offset, int) or offset < 0:
        raise FormatError("a tensor's size, stride and offset do not fit together")
    if 0 not in size:
        last = offset + sum((n - 1) * s for n, s in zip(size, stride))
        if last >= storage.numel:
            raise FormatError(
                f"a tensor of size {list(size)} reaches element {last} of a storage of "
                f"{storage.numel}")
    return Tensor(storage, offset, size, stride)


def _rebuild_parameter(data: Any, requires_grad: Any = False, backward_hooks: Any = None,
                       state: Any = None) -> Tensor:
    if not isinstance(data, Tensor):
        raise FormatError("a parameter does not hold a tensor")
    return data


class _LegacyStorageUnpickler(pickle.Unpickler):
    """The object pickle inside torch's legacy format: a storage referenced by persistent id."""

    def __init__(self, file: BinaryIO):
        super().__init__(file)
        self.records: Dict[str, Tuple[torch.dtype, int]] = {}

    def find_class(self, module: str, name: str) -> Any:
        # Typed storage classes live in `torch`, the untyped one in `torch.storage`.
        if module in ("torch", "torch.storage") and name in _STORAGE_DTYPES:
            return name
        raise FormatError(f"refusing global {module}.{name} inside a tensor storage")

    def persistent_load(self, pid: Any) -> Any:
        if not (isinstance(pid, tuple) and len(pid) == 6 and pid[0] == "storage"):
            raise FormatError("a tensor storage has an unknown kind of reference")
        _, type_name, key, _location, numel, view = pid
        if type_name not in _STORAGE_DTYPES or not isinstance(numel, int) or numel < 0:
            raise FormatError("a tensor storage reference has no valid type or size")
        if view is not None:
            raise FormatError("a tensor storage is a view of another; expected whole storages")
        self.records[key] = (_STORAGE_DTYPES[type_name], numel)
        return key


def _load_from_bytes(blob: Any) -> Storage:
    if not isinstance(blob, bytes):
        raise FormatError("a tensor storage is not stored as bytes")
    stream = io.BytesIO(blob)
    header = [_LegacyStorageUnpickler(stream).load() for _ in range(3)]
    if header[0] != _LEGACY_MAGIC or header[1] != _LEGACY_PROTOCOL:
        raise FormatError("a tensor storage is not in torch's legacy serialization format")
    if not isinstance(header[2], dict) or not header[2].get("little_endian"):
        raise FormatError("a tensor storage was written on a big-endian machine")
    unpickler = _LegacyStorageUnpickler(stream)
    key = unpickler.load()
    keys = _LegacyStorageUnpickler(stream).load()
    if key not in unpickler.records or keys != [key]:
        raise FormatError("a tensor storage's data does not match its reference")
    dtype, numel = unpickler.records[key]
    (stored_numel,) = struct.unpack("<q", _read_exactly(stream, 8))
    if stored_numel != numel:
        raise FormatError(f"a tensor storage holds {stored_numel} elements, its reference {numel}")
    itemsize = torch.empty((), dtype=dtype).element_size()
    return Storage(dtype, _read_exactly(stream, numel * itemsize))


def _read_exactly(stream: BinaryIO, count: int) -> bytes:
    data = stream.read(count)
    if len(data) != count:
        raise FormatError("a tensor storage is truncated")
    return data


_ALLOWED: Dict[str, Callable[..., Any]] = {
    "collections.OrderedDict": collections.OrderedDict,
    "builtins.set": set,
    "builtins.frozenset": frozenset,
    "torch_utils.persistence._reconstruct_persistent_obj": _reconstruct_persistent_obj,
    "torch._utils._rebuild_tensor_v2": _rebuild_tensor_v2,
    "torch._utils._rebuild_parameter": _rebuild_parameter,
    "torch._utils._rebuild_parameter_with_state": _rebuild_parameter,
    "torch.storage._load_from_bytes": _load_from_bytes,
    "dnnlib.EasyDict": _EasyDict,
    "dnnlib.util.EasyDict": _EasyDict,
    "numpy.dtype": _NumpyDType,
    "numpy.core.multiarray.scalar": _numpy_scalar,
    "numpy._core.multiarray.scalar": _numpy_scalar,
    "numpy.ndarray": _NdarrayName,
    "numpy.core.multiarray._reconstruct": _numpy_reconstruct,
    "numpy._core.multiarray._reconstruct": _numpy_reconstruct,
    "numpy.core.numeric._frombuffer": _numpy_array,
    "numpy._core.numeric._frombuffer": _numpy_array,
}


class _NetworkUnpickler(pickle.Unpickler):
    def __init__(self, file: BinaryIO):
        super().__init__(file)
        self._plain_modules: Dict[str, type] = {}

    def find_class(self, module: str, name: str) -> Any:
        qualified = f"{module}.{name}"
        if qualified in _ALLOWED:
            return _ALLOWED[qualified]
        if module.startswith("torch.nn.modules."):
            return self._plain_modules.setdefault(qualified, type(name, (_PlainModule,), {}))
        raise FormatError(
            f"refusing global {qualified}: a StyleGAN network pickle only refers to torch "
            "tensors, modules and NVIDIA's persistent classes, and nothing from the file is run")


def load(data: bytes) -> Any:
    """The object a network pickle holds, with networks as :class:`Module` stand-ins."""
    if not data.startswith(b"\x80"):
        raise FormatError(
            "not a pickle: expected a binary pickle, as NVIDIA's training code writes")
    try:
        return _NetworkUnpickler(io.BytesIO(data)).load()
    except FormatError:
        raise
    except EOFError as error:
        raise FormatError("the pickle is truncated") from error
    except (pickle.UnpicklingError, ValueError, TypeError, AttributeError, IndexError,
            KeyError, OverflowError, struct.error, UnicodeDecodeError) as error:
        message = str(error)
        if "truncated" in message:
            raise FormatError(f"the pickle is truncated ({message})") from error
        raise FormatError(f"the pickle is damaged: {message}") from error
