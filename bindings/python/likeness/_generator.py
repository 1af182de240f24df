"""What the generator classes (Gan, Diffusion) share: the native object they wrap, its device,
and the switch for the watermark their images carry."""


class Generator:
    """A native generator wrapped for Python; subclasses name their info tuple as _Info."""

    _Info = tuple

    def __init__(self, native):
        self._native = native
        self._info = self._Info(**native.info)

    @property
    def watermark(self):
        """Whether uint8 images of 192x192 or more carry the model's invisible watermark."""
        return self._native.watermark

    @watermark.setter
    def watermark(self, value):
        self._native.watermark = bool(value)

    @property
    def device(self):
        """The device the model runs on, e.g. "cpu" or "cuda:0"."""
        return self._native.device
