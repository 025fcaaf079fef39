"""Streaming a stored file to the browser, honestly.

The first chunk is read before the response starts, so a storage that cannot deliver the file
(missing, unreadable, an object store failing) gets our own error page, with the quick exit,
instead of the web server's bare "Internal Server Error". The access event ("downloaded") is
written by `on_complete` only after the last chunk has gone: a download that fails or is
abandoned part-way is not logged as a download.
"""

import logging
from collections.abc import Callable, Iterator

from django.http import StreamingHttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


def stream_download(
    request,
    open_chunks: Callable[[], Iterator[bytes]],
    *,
    on_complete: Callable[[], None],
    content_type: str = "application/octet-stream",
) -> StreamingHttpResponse:
    """A streaming response of `open_chunks()`, or the error page if nothing can be read.

    Any error reading the stored file counts (file systems raise OSError, object stores their
    client's errors, decryption its own): each means the same thing to the person waiting.
    """
    chunks = None
    try:
        chunks = open_chunks()
        first = next(chunks, None)
    except Exception:
        logger.exception("a stored file could not be read for download")
        if chunks is not None and hasattr(chunks, "close"):
            chunks.close()
        return render(request, "download_failed.html", status=503)
    return StreamingHttpResponse(_stream(first, chunks, on_complete), content_type=content_type)


def _stream(first, chunks, on_complete):
    try:
        if first is not None:
            yield first
        yield from chunks
    except Exception:
        # The headers have gone: the server can only cut the download short, which the
        # browser reports as a failed download. Nothing is logged as downloaded.
        logger.exception("a stored file failed part-way through a download")
        raise
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    on_complete()
