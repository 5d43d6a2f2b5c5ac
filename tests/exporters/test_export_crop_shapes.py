"""export posts sends each crop in the shape it was saved in, exactly the saved region, at the
export size of that shape; a crop of a shape the channel does not take is refused on save."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from factories import consent, subject_and_story
from PIL import Image

from conftest import AUTHOR, AUTHOR_PW
from exporters.builders import approve_all, at, submit
from studio.errors import RuleRefused
from studio.library.library import open_library
from studio.workflow import media, posts
from studio.workflow.exports import export_posts

# 2400x1800, each quarter its own colour: where a pixel lands tells which part was sent
SIZE = (2400, 1800)
COLOURS = {"red": (220, 30, 30), "green": (30, 180, 30), "blue": (30, 30, 220),
           "yellow": (230, 210, 30)}


def quadrants() -> bytes:
    width, height = SIZE
    img = Image.new("RGB", SIZE, COLOURS["red"])                       # top left
    img.paste(COLOURS["green"], (width // 2, 0, width, height // 2))   # top right
    img.paste(COLOURS["blue"], (0, height // 2, width // 2, height))   # bottom left
    img.paste(COLOURS["yellow"], (width // 2, height // 2, width, height))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    return buf.getvalue()


def colour(rgb: tuple[int, ...]) -> str:
    return min(COLOURS, key=lambda n: sum((a - b) ** 2 for a, b in
                                          zip(COLOURS[n], rgb[:3], strict=True)))


def draft_with(path: Path, channel: str, crop: tuple[float, float, float, float]) -> str:
    with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
        subject, story = subject_and_story(lib)
        consent(lib, subject, channels="instagram,facebook,x", uses="first-name,photo")
        pic = media.import_media(lib, story, quadrants(), name="q.jpg", alt_text="Four colours",
                                 depicts=[subject]).display_id
        row = posts.draft_post(lib, story, channel, "Rosa is walking again.",
                               media=[posts.MediaChoice(pic, crop)], scheduled_at=at(3))
        submit(lib, row.display_id)
    approve_all(path, [row.display_id])
    return row.display_id


def exported_picture(path: Path, out: Path) -> Image.Image:
    with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
        result = export_posts(lib, out)
    assert len(result.posts) == 1, result.blocked
    (picture,) = Path(result.location).glob("P-1-*/image-1.jpg")
    with Image.open(picture) as im:
        return im.convert("RGB")


def test_a_square_crop_on_instagram_is_sent_square_and_exactly_the_region_saved(
        library_path: Path, tmp_path: Path) -> None:
    # 1:1 is not Instagram's own 4:5, but Instagram takes it: 1350x1350 px from the top left,
    # so three quarters of it red, its right quarter green, its bottom quarter blue
    crop = (0.1875, 0.0, 0.5625, 0.75)
    draft_with(library_path, "instagram", crop)
    im = exported_picture(library_path, tmp_path / "out")
    assert im.size == (1080, 1080)                 # the reference's Instagram square
    # the red/green edge: the picture's middle (x 1200) is (1200-450)/1350 of the crop
    edge_x, edge_y = round(750 / 1350 * 1080), round(900 / 1350 * 1080)
    assert colour(im.getpixel((edge_x - 20, 20))) == "red"
    assert colour(im.getpixel((edge_x + 20, 20))) == "green"
    assert colour(im.getpixel((20, edge_y - 20))) == "red"
    assert colour(im.getpixel((20, edge_y + 20))) == "blue"
    assert colour(im.getpixel((1060, 1060))) == "yellow"
    # nothing was trimmed: the far edges of the crop are still there, none of the rest is
    assert colour(im.getpixel((2, 540))) == "red" and colour(im.getpixel((1077, 20))) == "green"


def test_a_wide_crop_on_instagram_keeps_its_191_shape(library_path: Path,
                                                        tmp_path: Path) -> None:
    crop = (0.0, 0.3, 1.0, 2400 / 1.91 / 1800)      # the full width, rows 540 to 1797
    draft_with(library_path, "instagram", crop)
    im = exported_picture(library_path, tmp_path / "out")
    assert im.size == (1080, 566)                   # the reference's Instagram 1.91:1
    assert [colour(im.getpixel(p)) for p in ((20, 20), (1060, 20), (20, 546), (1060, 546))] \
        == ["red", "green", "blue", "yellow"]
    # the picture's middle row (900) is (900-540)/1256.6 of the way down the crop
    edge_y = round(360 / (2400 / 1.91) * 566)
    assert colour(im.getpixel((20, edge_y - 15))) == "red"
    assert colour(im.getpixel((20, edge_y + 15))) == "blue"
    assert colour(im.getpixel((520, 400))) == "blue" and colour(im.getpixel((560, 400))) == \
        "yellow"                                    # the whole width: the middle unmoved


def test_a_portrait_crop_on_x_is_sent_at_a_size_derived_inside_its_limits(
        library_path: Path, tmp_path: Path) -> None:
    crop = (0.0, 0.0, 9 / 16 * 1800 / 2400, 1.0)     # 9:16, the full height at the left
    draft_with(library_path, "x", crop)
    im = exported_picture(library_path, tmp_path / "out")
    assert im.size == (900, 1600)                   # X's 1600 long side, in 9:16
    assert [colour(im.getpixel(p)) for p in ((20, 20), (880, 780), (20, 1580), (880, 820))] \
        == ["red", "red", "blue", "blue"]


def test_a_crop_shape_the_channel_does_not_take_is_refused_with_the_reason(
        library_path: Path) -> None:
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        subject, story = subject_and_story(lib)
        consent(lib, subject)
        pic = media.import_media(lib, story, quadrants(), name="q.jpg", alt_text="Colours",
                                 depicts=[subject]).display_id
        tall = posts.MediaChoice(pic, (0.0, 0.0, 0.25, 1.0))   # 600x1800: 1:3
        with pytest.raises(RuleRefused) as refused:
            posts.draft_post(lib, story, "instagram", "Rosa.", media=[tall])
        assert str(refused.value) == (
            f"channel.crop: the crop of {pic} is 600×1800 px (shape 0.33:1); Instagram takes "
            "shapes from 0.8:1 to 1.91:1. Choose one of the shapes the crop frame offers")
        row = posts.draft_post(lib, story, "instagram", "Rosa.",
                               media=[posts.MediaChoice(pic, (0.0, 0.0, 0.6, 1.0))])  # 4:5
        with pytest.raises(RuleRefused, match="channel.crop: the crop of"):
            posts.edit_post(lib, row.display_id, media=[tall])
