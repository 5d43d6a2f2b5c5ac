"""Crops of a post's pictures: which shapes a channel offers and whether a crop is big enough.

A crop is stored on the revision as fractions of the picture (x, y, width, height; see
:class:`studio.workflow.posts.MediaChoice`), and the exporter cuts that region out and resizes it
to the channel's export size (``recommended_size`` in assets/channels.toml), trimming it to
that shape first if it has another. So the composer's crop frame starts on the export shape,
and offers the other common shapes only where the channel accepts them (``aspect_min`` to
``aspect_max``), each labelled with what the export will do with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.channels import ChannelSpec
from studio.exporters.channel_images import _box as export_box  # the exporter's own trim

Crop = tuple[float, float, float, float]

# Common picture shapes (geometry, not channel facts); a channel offers those in its range.
SHAPES: tuple[tuple[str, float], ...] = (
    ("1:1", 1.0), ("4:5", 4 / 5), ("3:4", 3 / 4), ("2:3", 2 / 3), ("9:16", 9 / 16),
    ("1:2", 1 / 2), ("4:3", 4 / 3), ("3:2", 3 / 2), ("16:9", 16 / 9), ("1.91:1", 1.91),
    ("2:1", 2.0), ("3:1", 3.0))
_SAME = 0.01                                  # ratios this close are the same shape


@dataclass(frozen=True)
class AspectPreset:
    label: str          # "4:5 — exported at 1080×1350"
    ratio: float        # width / height
    exported: bool      # the export keeps exactly this shape


def export_ratio(spec: ChannelSpec) -> float:
    width, height = spec.recommended_size
    return width / height


def crop_presets(spec: ChannelSpec) -> list[AspectPreset]:
    """The export shape first, then every common shape the channel accepts."""
    width, height = spec.recommended_size
    exact = export_ratio(spec)
    name = next((label for label, r in SHAPES if abs(r - exact) < _SAME), f"{exact:.2f}:1")
    presets = [AspectPreset(f"{name} — exported at {width}×{height}", exact, True)]
    for label, ratio in SHAPES:
        if abs(ratio - exact) < _SAME:
            continue
        if spec.aspect_min - 1e-9 <= ratio <= spec.aspect_max + 1e-9:
            presets.append(AspectPreset(f"{label} — export trims it to {name}", ratio, False))
    return presets


def default_crop(ratio: float, width: int, height: int) -> Crop:
    """The largest centred crop of shape ``ratio`` in a ``width`` x ``height`` picture."""
    if width <= 0 or height <= 0:
        return (0.0, 0.0, 1.0, 1.0)
    if width / height > ratio:                # picture wider than the shape: full height
        w = ratio * height / width
        return ((1 - w) / 2, 0.0, w, 1.0)
    h = width / ratio / height
    return (0.0, (1 - h) / 2, 1.0, h)


def crop_pixels(crop: Crop | None, width: int, height: int) -> tuple[int, int]:
    _, _, w, h = crop or (0.0, 0.0, 1.0, 1.0)
    return round(w * width), round(h * height)


def crop_size_warning(spec: ChannelSpec, width: int, height: int,
                      crop: Crop | None) -> str | None:
    """Why a crop of a ``width`` x ``height`` picture is too small for the channel, if it is.

    Below the channel's own minimum (``min_size``, or ``min_width``) it is the channel that
    enlarges or refuses the picture; below the export size the exporter enlarges it. Either
    way the picture looks soft, so the author should pick a larger crop or picture.
    """
    if width <= 0 or height <= 0:
        return None
    cw, ch = crop_pixels(crop, width, height)
    if spec.min_size is not None and (cw < spec.min_size[0] or ch < spec.min_size[1]):
        return (f"The crop is {cw}×{ch} px, smaller than the {spec.min_size[0]}×"
                f"{spec.min_size[1]} px {spec.label} takes at least; choose a larger crop "
                "or picture.")
    if spec.min_width is not None and cw < spec.min_width:
        return (f"The crop is {cw} px wide; {spec.label} enlarges pictures under "
                f"{spec.min_width} px, which looks blurry. Choose a larger crop or picture.")
    out_w, out_h = spec.recommended_size
    if cw < out_w:
        return (f"The crop is {cw}×{ch} px; the export enlarges it to {out_w}×{out_h} px, "
                "which can look soft.")
    return None


def exported_crop(spec: ChannelSpec, crop: Crop | None, width: int, height: int) -> Crop:
    """The part of the picture the export sends, as fractions: ``crop`` (or the whole picture)
    trimmed to the export shape exactly as the exporter trims it, so a preview shows it."""
    if width <= 0 or height <= 0:
        return (0.0, 0.0, 1.0, 1.0)
    left, top, right, bottom = export_box(width, height, crop, export_ratio(spec))
    return (left / width, top / height, (right - left) / width, (bottom - top) / height)
