"""Sound and video: recording date, duration, device and position, and a video's poster
frame, read with ffprobe and ffmpeg (Debian's ffmpeg package) in the background worker.

The file may be crafted, and ffmpeg is a large C parser: it runs as a separate process with
a time limit, one thread, reading the plaintext from an anonymous in-memory file (memfd: no
name, never on disk) that it can seek in; only its JSON and one JPEG frame come back, and
the frame is re-encoded from pixels by Pillow like any photo preview.
"""

import json
import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from evidence.images import ImageProblem, analyse_image
from stalklog.core.said import Said

PROBE_SECONDS = 30
POSTER_SECONDS = 60
# Tags in which phones and cameras write the device, and a position (ISO 6709).
_DEVICE_TAGS = [
    ("com.apple.quicktime.make", "com.apple.quicktime.model"),
    ("com.android.manufacturer", "com.android.model"),
    ("make", "model"),
]
_LOCATION_TAGS = ["com.apple.quicktime.location.ISO6709", "location", "location-eng"]
_ISO6709 = re.compile(r"^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)")


class MediaProblem(Exception):
    """The file could not be probed; the message says why, for the person uploading."""


@dataclass
class MediaFacts:
    duration_seconds: float | None = None
    recorded_at: datetime | None = None
    device: str = ""
    gps: dict | None = None
    has_video: bool = False
    has_audio: bool = False
    width: int = 0
    height: int = 0
    codecs: list = field(default_factory=list)
    container: str = ""

    def as_metadata(self) -> dict:
        facts = {
            "duration_seconds": self.duration_seconds,
            "recorded_at": self.recorded_at.isoformat() if self.recorded_at else "",
            "device": self.device,
            "codecs": self.codecs,
            "container": self.container,
        }
        if self.has_video:
            facts["width"], facts["height"] = self.width, self.height
        return facts


def tools_available() -> bool:
    return bool(shutil.which("ffprobe") and shutil.which("ffmpeg"))


@contextmanager
def in_memory_file(data: bytes):
    """A path a child process can open and seek, backed by memory only (Linux memfd)."""
    fd = os.memfd_create("exhibit", os.MFD_CLOEXEC)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.lseek(fd, 0, os.SEEK_SET)
        yield fd, f"/dev/fd/{fd}"
    finally:
        os.close(fd)


def _run(command, fd, seconds) -> bytes:
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            command, pass_fds=(fd,), capture_output=True, timeout=seconds, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise MediaProblem(
            Said.gettext("reading it took longer than %(seconds)s seconds", seconds=seconds)
        ) from error
    if done.returncode != 0:
        raise MediaProblem(Said.gettext("it is damaged, incomplete, or not really sound or video"))
    return done.stdout


def _when(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    # 1904 and 1970 are what an unset QuickTime or Unix clock says: not a recording date.
    return moment if moment.tzinfo is not None and moment.year > 1990 else None


def _gps(text: str) -> dict | None:
    match = _ISO6709.match(text or "")
    if not match:
        return None
    latitude, longitude = float(match[1]), float(match[2])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return {"latitude": round(latitude, 6), "longitude": round(longitude, 6)}


def _facts(probe: dict) -> MediaFacts:
    container = probe.get("format") or {}
    streams = probe.get("streams") or []
    tags = {}
    for stream in streams:
        tags.update({k.lower(): v for k, v in (stream.get("tags") or {}).items()})
    tags.update({k.lower(): v for k, v in (container.get("tags") or {}).items()})
    facts = MediaFacts(container=str(container.get("format_long_name", ""))[:100])
    try:
        facts.duration_seconds = round(float(container.get("duration")), 1)
    except (TypeError, ValueError):
        facts.duration_seconds = None
    for key in ("com.apple.quicktime.creationdate", "creation_time", "date"):
        if tags.get(key) and (moment := _when(str(tags[key]))):
            facts.recorded_at = moment
            break
    for make, model in _DEVICE_TAGS:
        device = " ".join(str(tags[k]).strip() for k in (make, model) if tags.get(k))
        if device:
            facts.device = device[:100]
            break
    for key in _LOCATION_TAGS:
        if facts.gps is None and tags.get(key.lower()):
            facts.gps = _gps(str(tags[key.lower()]))
    for stream in streams:
        kind = stream.get("codec_type")
        if kind == "video" and not (stream.get("disposition") or {}).get("attached_pic"):
            facts.has_video = True
            facts.width, facts.height = (
                int(stream.get("width") or 0),
                int(stream.get("height") or 0),
            )
        elif kind == "audio":
            facts.has_audio = True
        if stream.get("codec_name"):
            facts.codecs.append(str(stream["codec_name"])[:20])
    return facts


def probe(data: bytes) -> MediaFacts:
    """What the file says about itself (no sound or picture is decoded)."""
    with in_memory_file(data) as (fd, path):
        out = _run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
             "-show_streams", path],
            fd, PROBE_SECONDS,
        )  # fmt: skip
    try:
        return _facts(json.loads(out or b"{}"))
    except (ValueError, TypeError, AttributeError) as error:
        raise MediaProblem(Said.gettext("what it says about itself could not be read")) from error


def poster_frame(data: bytes, duration_seconds: float | None) -> tuple[bytes, bytes]:
    """A stripped preview and thumbnail (JPEG) of one frame near the start of a video."""
    at = min(1.0, (duration_seconds or 0) / 2)
    with in_memory_file(data) as (fd, path):
        frame = _run(
            ["ffmpeg", "-v", "error", "-nostdin", "-threads", "1", "-ss", f"{at:.2f}",
             "-i", path, "-frames:v", "1", "-vf", "scale='min(1600,iw)':-2",
             "-f", "image2pipe", "-c:v", "png", "pipe:1"],
            fd, POSTER_SECONDS,
        )  # fmt: skip
    if not frame:
        raise MediaProblem(Said.gettext("no picture could be taken from it"))
    try:
        facts = analyse_image(frame)
    except ImageProblem as error:
        raise MediaProblem(Said.gettext("no picture could be taken from it")) from error
    return facts.preview, facts.thumbnail


def describe_duration(seconds) -> str:
    """`2 min 05 s`, `1 h 02 min 09 s`, `8 s`; "" when unknown."""
    if seconds is None:
        return ""
    total = round(float(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min {secs:02d} s"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def recorded_at(metadata) -> datetime | None:
    """The recording date an exhibit's metadata holds (stored as ISO text), or None."""
    text = (metadata.get("media") or {}).get("recorded_at") or ""
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
