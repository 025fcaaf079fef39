"""Faults for tests to inject: a file storage whose disk fills after a number of bytes."""

import errno
import os

from stalklog.core.storage import PrivateFileSystemStorage


class DiskFull:
    """Writes the first `limit_bytes` of a file for real, then fails as a full disk does."""

    def __init__(self, out, limit_bytes):
        self._out, self._left = out, limit_bytes

    def write(self, data):
        if len(data) > self._left:
            self._out.write(data[: self._left])
            self._out.flush()
            self._left = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._left -= len(data)
        return self._out.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._out.close()


class FillingStorage(PrivateFileSystemStorage):
    """The private storage on a disk that holds only `limit_bytes` more per file while
    `limit_bytes` is set (tests set the class attribute; None means space is back)."""

    limit_bytes = None

    def _open_partial(self, path):
        out = super()._open_partial(path)
        if FillingStorage.limit_bytes is None:
            return out
        return DiskFull(out, FillingStorage.limit_bytes)


def use_storage(settings, root, backend="tests.faults.FillingStorage"):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": backend, "OPTIONS": {"location": str(root)}},
    }
