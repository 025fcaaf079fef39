"""A forward-only file for writers that must not seek (zipfile then streams with data
descriptors): counts what passes through and, given an encryptor, encrypts it on the way,
so an export goes from its writer through AES-GCM with no plaintext on disk."""


class ForwardWriter:
    def __init__(self, sink, encryptor=None):
        self._sink = sink
        self._encryptor = encryptor
        self.bytes_written = 0  # plaintext bytes given to write()

    def write(self, data) -> int:
        data = bytes(data)
        self._sink.write(self._encryptor.update(data) if self._encryptor else data)
        self.bytes_written += len(data)
        return len(data)

    def flush(self):
        pass

    def tell(self):
        raise OSError("not seekable")

    def seekable(self):
        return False

    def finish(self):
        """Write what the encryptor still holds (its final chunk and tag)."""
        if self._encryptor is not None:
            self._sink.write(self._encryptor.finalize())
