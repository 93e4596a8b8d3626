"""The screenshot comparison itself: an unchanged shot passes, a small change passes
within the tolerance, a visible change fails with a diff image, and a missing
baseline is reported with the command that makes it. Pillow only, no browser."""

from __future__ import annotations

import io

import pytest
import visual
from PIL import Image, ImageDraw


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def page() -> Image.Image:
    """A stand-in page: white, a blue header, lines of dark 'text'."""
    image = Image.new("RGB", (320, 400), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 319, 40), fill=(0, 94, 184))
    for y in range(60, 380, 20):
        draw.rectangle((16, y, 300, y + 8), fill=(33, 43, 50))
    return image


@pytest.fixture
def folders(tmp_path, monkeypatch):
    monkeypatch.setattr(visual, "BASELINES", tmp_path / "baselines")
    monkeypatch.setattr(visual, "ARTEFACTS", tmp_path / "artefacts")
    monkeypatch.setattr(visual, "ROOT", tmp_path)
    monkeypatch.setattr(visual, "UPDATE", True)
    visual.check("page", png(page()))
    monkeypatch.setattr(visual, "UPDATE", False)
    return tmp_path


def test_unchanged_shot_passes(folders):
    assert visual.check("page", png(page())) is None
    assert not (folders / "artefacts").exists()


def test_a_few_pixels_are_tolerated(folders):
    image = page()
    image.putpixel((200, 200), (255, 0, 0))
    assert visual.check("page", png(image)) is None


def test_a_visible_change_fails_with_a_diff_image(folders):
    image = page()
    ImageDraw.Draw(image).rectangle((16, 100, 300, 108), fill="white")  # a line of text lost
    message = visual.check("page", png(image))
    assert message and "page.diff.png" in message
    diff = Image.open(folders / "artefacts" / "page.diff.png").convert("RGB")
    assert diff.getpixel((100, 104)) == (255, 0, 255), "changed pixels are magenta"
    assert diff.getpixel((100, 300)) != (255, 0, 255), "unchanged pixels are not"


def test_a_change_of_colour_fails(folders):
    image = page()
    ImageDraw.Draw(image).rectangle((0, 0, 319, 40), fill=(218, 41, 28))  # red header
    assert visual.check("page", png(image))


def test_a_change_of_height_fails(folders):
    image = Image.new("RGB", (320, 420), "white")
    image.paste(page(), (0, 0))
    assert "size" in visual.check("page", png(image))


def test_a_missing_baseline_names_the_command(folders):
    assert "make visual-baselines" in visual.check("other", png(page()))
