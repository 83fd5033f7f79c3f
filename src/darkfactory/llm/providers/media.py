"""Media inputs as providers want them: a URL stays a URL; bytes or a local file path become
base64 with a MIME type."""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass
from pathlib import Path

LOCAL_PREFIXES = ("/", "./", "../", "~")


@dataclass
class Media:
    """Either ``url`` (remote) or ``data`` (base64 text) with its ``media_type``."""

    media_type: str
    url: str | None = None
    data: str | None = None

    @property
    def data_uri(self) -> str:
        return self.url or f"data:{self.media_type};base64,{self.data}"


def resolve(
    url: str | None, data: bytes | None, media_type: str | None, default_type: str = "image/png"
) -> Media:
    """The media of an ImageData/AudioData/DocumentData, reading local file paths."""
    if data is None and url is not None and url.startswith(LOCAL_PREFIXES):
        path = Path(url).expanduser()
        data = path.read_bytes()
        media_type = media_type or mimetypes.guess_type(path.name)[0]
    if data is not None:
        return Media(media_type or default_type, data=base64.b64encode(data).decode("ascii"))
    guessed = mimetypes.guess_type(url or "")[0]
    return Media(media_type or guessed or default_type, url=url)
