"""Checking and cleaning a photo before it is kept.

A photo is kept only if all of this holds, checked in this order so that nothing large is ever
decoded before it has been measured:

1. its size in bytes is within TOWARD_PHOTO_MAX_MB;
2. Pillow recognises it from its header as JPEG, PNG, WebP or GIF (the file name and the type
   the browser claims are ignored);
3. the width and height in that header multiply to no more than TOWARD_PHOTO_MAX_MEGAPIXELS
   (an "image bomb", a small file claiming to be 50,000 x 50,000 pixels, stops here, before
   any decoding; Pillow's own bomb guard is turned into the same message);
4. `verify()` finds the file whole, and it decodes.

It is then turned upright (the EXIF orientation applied) and re-encoded from its pixels alone,
so no metadata survives: no EXIF (camera, time, GPS position), no XMP, no ICC comments. A GIF
keeps its first frame, as a PNG.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from toward.core.errors import ServiceError

ACCEPTED = ["JPEG", "PNG", "WEBP", "GIF"]
# (format to save as, extension, content type) for each accepted format
OUTPUT = {
    "JPEG": ("JPEG", "jpg", "image/jpeg"),
    "PNG": ("PNG", "png", "image/png"),
    "WEBP": ("WEBP", "webp", "image/webp"),
    "GIF": ("PNG", "png", "image/png"),
}
MODES = {"JPEG": ("RGB", "L"), "PNG": ("RGB", "RGBA", "L", "LA"), "WEBP": ("RGB", "RGBA")}
QUALITY = 88  # visually close to the original, about a third of the size of quality 100
MB = 1024 * 1024


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    extension: str
    content_type: str
    width: int
    height: int


def _error(code: str, message: str) -> ServiceError:
    return ServiceError(code, message, field="photo")


def _too_many_pixels(max_pixels: int, size: tuple[int, int] | None = None) -> ServiceError:
    measured = f"This image is {size[0]:,} × {size[1]:,} pixels; " if size else ""
    return _error(
        "photo_too_many_pixels",
        f"{measured}photos can be up to {max_pixels // 1_000_000} million pixels. A smaller copy "
        "(your phone's share menu usually offers one) will work. Nothing was saved.",
    )


def _not_a_photo() -> ServiceError:
    return _error(
        "not_a_photo",
        "This file isn't a photo we can read. Please choose a JPEG, PNG, WebP or GIF image. "
        "Nothing was saved.",
    )


def _open(upload, max_pixels: int) -> Image.Image:
    """Open from the header only (Pillow decodes nothing until asked)."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(upload, formats=ACCEPTED)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(max_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _not_a_photo() from None


def clean_photo(upload, *, max_bytes: int, max_pixels: int) -> CleanPhoto:
    """The checks and the cleaning described in the module docstring; ServiceError otherwise."""
    size = upload.size if getattr(upload, "size", None) is not None else len(upload.read())
    if size > max_bytes:
        raise _error(
            "photo_too_large",
            f"This file is {size / MB:.1f} MB; photos can be up to {max_bytes // MB} MB. A smaller "
            "copy (your phone's share menu usually offers one) will work. Nothing was saved.",
        )
    if size == 0:
        raise _error("photo_empty", "This file is empty. Please choose a photo. Nothing was saved.")
    image = _open(upload, max_pixels)
    kind, (width, height) = image.format, image.size
    if kind not in OUTPUT:
        raise _not_a_photo()
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels, (width, height))
    try:
        image.verify()
        image = _open(upload, max_pixels)
        image.seek(0)  # a GIF or an animated WebP: the first frame
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
        upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(max_pixels, (width, height)) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _error(
            "photo_damaged",
            "This photo seems to be damaged or incomplete. Please try another copy. "
            "Nothing was saved.",
        ) from None
    return _reencode(upright, kind)


def _reencode(image: Image.Image, kind: str) -> CleanPhoto:
    save_as, extension, content_type = OUTPUT[kind]
    allowed = MODES[save_as]
    if image.mode not in allowed:
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        target = "RGBA" if has_alpha and "RGBA" in allowed else "RGB"
        image = image.convert(target)
    # A fresh image from the pixels alone: no info, no EXIF, no ICC profile, no comments.
    fresh = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    options = {"quality": QUALITY} if save_as in ("JPEG", "WEBP") else {"optimize": True}
    fresh.save(out, format=save_as, **options)
    return CleanPhoto(out.getvalue(), extension, content_type, fresh.width, fresh.height)
