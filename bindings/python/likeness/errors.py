"""Exceptions raised by Likeness.

Every failure of the SDK is an :class:`Error` whose ``status`` names the C API's ``lk_status``
(for example ``"LK_ERR_IO"``). Each subclass also derives from the builtin exception that fits
it, so callers that know nothing of Likeness still catch it: a missing file is an ``OSError``,
a bad argument a ``ValueError``.
"""

import builtins


class Error(Exception):
    """A failure reported by the Likeness SDK."""

    status: str = "LK_ERR_UNKNOWN"


class InvalidArgumentError(Error, ValueError):
    """A parameter is out of range, of the wrong type or shape, or inconsistent."""

    status = "LK_ERR_INVALID_ARGUMENT"


class IOError(Error, builtins.OSError):  # noqa: A001 - the name the API documents
    """A file could not be opened, read or written."""

    status = "LK_ERR_IO"


class FormatError(Error, ValueError):
    """A file or buffer is not in the expected format, or is damaged."""

    status = "LK_ERR_FORMAT"


class UnsupportedError(Error, RuntimeError):
    """A valid request that this build or machine cannot serve (for example CUDA)."""

    status = "LK_ERR_UNSUPPORTED"


class OutOfMemoryError(Error, MemoryError):
    """The SDK could not allocate memory."""

    status = "LK_ERR_OUT_OF_MEMORY"


class CancelledError(Error):
    """The call was stopped by :meth:`likeness.Context.interrupt`."""

    status = "LK_ERR_CANCELLED"


class InternalError(Error, RuntimeError):
    """A bug in Likeness; please report it with the message."""

    status = "LK_ERR_INTERNAL"


_BY_STATUS = {
    cls.status: cls
    for cls in (
        InvalidArgumentError,
        IOError,
        FormatError,
        UnsupportedError,
        OutOfMemoryError,
        CancelledError,
        InternalError,
    )
}


def _from_status(status: str, message: str) -> Error:
    """The exception for an lk_status name; the extension module raises what this returns.

    A status this package does not know (from a newer library) still becomes an :class:`Error`
    that carries it.
    """
    cls = _BY_STATUS.get(status)
    if cls is not None:
        return cls(message)
    error = Error(message)
    error.status = status
    return error
