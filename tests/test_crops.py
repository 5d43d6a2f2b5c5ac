"""Crop shapes per channel and whether a crop is big enough (studio.workflow.crops)."""

from __future__ import annotations

import pytest

from studio.channels import all_channels, channel
from studio.workflow.crops import (
    crop_presets,
    crop_size_warning,
    default_crop,
    export_plan,
    export_size,
    exported_crop,
)


@pytest.mark.parametrize("name", sorted(all_channels()))
def test_every_channel_offers_its_own_shape_first_and_only_shapes_it_accepts(
        name: str) -> None:
    spec = channel(name)
    presets = crop_presets(spec)
    width, height = spec.recommended_size
    assert presets[0].size == spec.recommended_size and presets[0].ratio == width / height
    assert f"exported at {width}×{height}" in presets[0].label
    for preset in presets:
        assert spec.aspect_min - 1e-9 <= preset.ratio <= spec.aspect_max + 1e-9
        w, h = preset.size
        assert w / h == pytest.approx(preset.ratio, abs=0.01)    # the shape is kept
        assert f"exported at {w}×{h}" in preset.label
        assert w <= (spec.max_width or w) and w >= (spec.min_width or 0)
        assert max(w, h) <= max(spec.recommended_size)          # no bigger than the channel's
    assert len({round(p.ratio, 2) for p in presets}) == len(presets)


def test_export_sizes_are_the_stated_ones_where_the_reference_gives_them() -> None:
    insta = channel("instagram")
    assert export_size(insta, 1.0) == (1080, 1080)
    assert export_size(insta, 1.91) == (1080, 566)
    assert export_size(insta, 0.8) == (1080, 1350)
    assert export_size(channel("x"), 9 / 16) == (900, 1600)
    assert export_size(channel("facebook"), 0.8) == (960, 1200)
    assert export_size(channel("facebook"), 1 / 3) == (600, 1800)   # min_size 600 wide


def test_default_crop_is_the_largest_centred_one() -> None:
    assert default_crop(0.8, 2400, 1800) == pytest.approx((0.2, 0.0, 0.6, 1.0))
    assert default_crop(16 / 9, 1000, 1000) == pytest.approx((0.0, 0.21875, 1.0, 0.5625))


def test_the_export_sends_a_crop_as_saved_and_trims_only_a_whole_picture() -> None:
    insta = channel("instagram")                    # its own shape is 4:5
    square = (0.125, 0.0, 0.75, 1.0)                # 1800x1800 of 2400x1800
    assert exported_crop(insta, square, 2400, 1800) == pytest.approx(square)
    assert export_plan(insta, square, 2400, 1800).size == (1080, 1080)
    x, y, w, h = exported_crop(insta, None, 2400, 1800)
    assert w * 2400 / (h * 1800) == pytest.approx(0.8)
    assert (x + w / 2, y + h / 2) == pytest.approx((0.5, 0.5)) and h == pytest.approx(1.0)


def test_size_warnings_name_the_channels_own_minimum_first() -> None:
    assert crop_size_warning(channel("instagram"), 2400, 1800, (0.0, 0.0, 0.1, 0.1667)) == (
        "The crop is 240 px wide; Instagram enlarges pictures under 320 px, which looks "
        "blurry. Choose a larger crop or picture.")
    assert crop_size_warning(channel("x"), 2400, 1800, (0.0, 0.0, 0.5, 0.5)) == (  # 4:3
        "The crop is 1200×900 px; the export enlarges it to 1600×1200 px, which can look "
        "soft.")
    assert crop_size_warning(channel("x"), 2400, 1800, None) is None
    assert channel("facebook").min_size == (600, 315)
