"""An upload handler that hashes and encrypts each file as its chunks arrive.

Django's default handlers keep small uploads in memory and write large ones to a named
temporary file in plaintext. This one hands every chunk to an IngestedFile instead: SHA-256
over the exact bytes, the size limit, the first bytes kept for type detection, and AES-GCM
into an anonymous temporary file, so memory stays constant and no plaintext reaches disk.
"""

from django.core.files.uploadhandler import FileUploadHandler

from evidence.ingest import IngestedFile
from stalklog.core.crypto import CHUNK_BYTES


class EncryptingUploadHandler(FileUploadHandler):
    chunk_size = CHUNK_BYTES

    def __init__(self, request, log):
        super().__init__(request)
        self.log = log
        self.received = None
        self.unfinished = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = IngestedFile(self.log, self.file_name)
        self.unfinished.append(self.received)

    def receive_data_chunk(self, raw_data, start):
        self.received.feed(raw_data)
        return None  # nothing for any other handler: the bytes are consumed here

    def file_complete(self, file_size):
        received, self.received = self.received, None
        self.unfinished.remove(received)
        # An oversized file comes back too (marked), so the view can say which one it was.
        return received.finish()

    def upload_interrupted(self):
        for received in self.unfinished:
            received.close()
        self.unfinished.clear()


def discard_uploads(uploads):
    """Close (and so delete) files received for a form that was not valid."""
    for uploaded in uploads:
        if isinstance(uploaded, IngestedFile):
            uploaded.close()
