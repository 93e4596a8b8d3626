"""Screenshot comparison against committed baselines, with Pillow.

Baselines are stored as small palette PNGs (at most :data:`COLOURS` colours):
a page of text in the NHS.UK palette needs few, and a full-page shot stays
tens of kilobytes. A fresh screenshot is mapped onto the baseline's own
palette before comparing, so an unchanged page compares equal pixel for pixel
and a changed one shows up wherever a pixel lands on another palette colour.

``VISUAL_UPDATE=1`` (``make visual-baselines``) writes baselines instead of
comparing. On a mismatch the shot, the baseline and a diff image (changed
pixels in magenta over a faded baseline) are written to
``test-artefacts/visual/`` for a person to inspect.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[2]
BASELINES = Path(__file__).resolve().parent / "baselines"
ARTEFACTS = ROOT / "test-artefacts" / "visual"
COLOURS = 32
# A pixel counts as changed when a channel moves by more than this (0-255) ...
CHANNEL_TOLERANCE = 16
# ... and a shot fails when more than this share of its pixels changed.
PIXEL_TOLERANCE = 0.0005
UPDATE = os.environ.get("VISUAL_UPDATE") == "1"


def to_palette(image: Image.Image, palette: Image.Image | None = None) -> Image.Image:
    """``image`` reduced to ``palette``'s colours, or to its own best :data:`COLOURS`.

    A fresh palette is re-applied by nearest colour, the mapping later shots
    get, so an unchanged page reproduces its baseline exactly.
    """
    rgb = image.convert("RGB")
    if palette is None:
        palette = rgb.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    return rgb.quantize(palette=palette, dither=Image.Dither.NONE)


def changed_share(actual: Image.Image, expected: Image.Image) -> tuple[float, Image.Image]:
    """The share of pixels that differ beyond :data:`CHANNEL_TOLERANCE`, and their mask."""
    width, height = max(actual.width, expected.width), max(actual.height, expected.height)
    a, b = (_padded(im.convert("RGB"), width, height) for im in (actual, expected))
    red, green, blue = ImageChops.difference(a, b).split()
    difference = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    mask = difference.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    changed = mask.histogram()[255]
    return changed / (width * height), mask


def diff_image(expected: Image.Image, mask: Image.Image) -> Image.Image:
    """The baseline faded to grey, with changed pixels painted magenta."""
    faded = _padded(expected.convert("L"), *mask.size).point(lambda v: 160 + v * 95 // 255)
    base = faded.convert("RGB")
    magenta = Image.new("RGB", mask.size, (255, 0, 255))
    return Image.composite(magenta, base, mask)


def check(name: str, png: bytes, *, scale: int = 1) -> str | None:
    """Compare a screenshot with baseline ``name``; return a message when it differs.

    ``scale`` 2 keeps a full-page shot at half its width and height (a quarter of
    the bytes): layout, colour and text changes still show; a one-pixel line
    changes half the colour of its scaled pixel. In update mode the baseline is
    (re)written and nothing is compared.
    """
    shot = Image.open(io.BytesIO(png)).convert("RGB")
    if scale > 1:
        shot = shot.resize((shot.width // scale, shot.height // scale), Image.Resampling.BOX)
    baseline_path = BASELINES / f"{name}.png"
    if UPDATE:
        BASELINES.mkdir(parents=True, exist_ok=True)
        to_palette(shot).save(baseline_path, optimize=True)
        return None
    if not baseline_path.exists():
        return f"{name}: no baseline {baseline_path.relative_to(ROOT)}; run `make visual-baselines`"
    with Image.open(baseline_path) as stored:
        expected = stored.copy()
    actual = to_palette(shot, expected)
    share, mask = changed_share(actual, expected)
    if actual.size == expected.size and share <= PIXEL_TOLERANCE:
        return None
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot.save(ARTEFACTS / f"{name}.actual.png")
    expected.save(ARTEFACTS / f"{name}.expected.png")
    diff_image(expected, mask).save(ARTEFACTS / f"{name}.diff.png")
    return (
        f"{name}: {share:.3%} of pixels changed, size {actual.size} vs baseline {expected.size};"
        f" see test-artefacts/visual/{name}.diff.png (intended? `make visual-baselines`)"
    )


def _padded(image: Image.Image, width: int, height: int) -> Image.Image:
    if image.size == (width, height):
        return image
    canvas = Image.new(image.mode, (width, height), 0)
    canvas.paste(image, (0, 0))
    return canvas
