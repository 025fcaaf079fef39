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


class BrokenRead:
    """A stored file that reads `good_bytes` and then fails as a dying disk or link does."""

    def __init__(self, real, good_bytes):
        self._real, self._left = real, good_bytes

    def read(self, size=-1):
        if self._left <= 0:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        data = self._real.read(min(size, self._left) if size and size > 0 else self._left)
        self._left -= len(data)
        return data

    def close(self):
        self._real.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class FailingReadStorage(PrivateFileSystemStorage):
    """The private storage whose reads fail after `good_bytes` while that is set."""

    good_bytes = None

    def _open(self, name, mode="rb"):
        real = super()._open(name, mode)
        if FailingReadStorage.good_bytes is None:
            return real
        return BrokenRead(real, FailingReadStorage.good_bytes)
