"""Crops of a post's pictures: which shapes a channel offers, the size each is exported at,
and whether a crop is big enough.

A crop is stored on the revision as fractions of the picture (x, y, width, height; see
:class:`studio.workflow.posts.MediaChoice`). The export sends exactly that region, resized to
the export size of its shape (:func:`export_size`), so the shape the author chose in the
composer is the shape that is published. A picture with no crop is centre-trimmed to the
channel's own shape (``recommended_size``), which is also where the composer's frame starts.

Export sizes: the channel's own shape is exported at ``recommended_size``; other shapes at the
size assets/channels.toml lists for them (``export_sizes``, where the reference states one,
e.g. Instagram's 1080×1080 and 1080×566). Any other shape the channel accepts (``aspect_min``
to ``aspect_max``) gets a derived size: as wide as ``recommended_size`` but no taller than its
longer side, then kept inside the channel's ``max_width``, ``min_width`` and ``min_size``. So
X (1600×900) sends a 9:16 crop at 900×1600 and Facebook (1200×630) a 4:5 one at 960×1200.
A crop whose shape is outside the channel's range is refused when the post is saved
(:func:`shape_problem`, asked by studio.workflow.posts).
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.channels import ChannelSpec
from studio.exporters.channel_images import source_box

Crop = tuple[float, float, float, float]

# Common picture shapes (geometry, not channel facts); a channel offers those in its range.
SHAPES: tuple[tuple[str, float], ...] = (
    ("1:1", 1.0), ("4:5", 4 / 5), ("3:4", 3 / 4), ("2:3", 2 / 3), ("9:16", 9 / 16),
    ("1:2", 1 / 2), ("4:3", 4 / 3), ("3:2", 3 / 2), ("16:9", 16 / 9), ("1.91:1", 1.91),
    ("2:1", 2.0), ("3:1", 3.0))
_SAME = 0.01                                  # ratios this close are the same shape


@dataclass(frozen=True)
class AspectPreset:
    label: str                  # "4:5 — exported at 1080×1350"
    ratio: float                # width / height
    size: tuple[int, int]       # what the export sends a crop of this shape at


@dataclass(frozen=True)
class ExportPlan:
    """How the export sends one picture: at ``size``; ``crop`` exactly as saved (``exact``),
    or, with no crop, the whole picture centre-trimmed to that size's shape."""

    size: tuple[int, int]
    crop: Crop | None
    exact: bool


def export_ratio(spec: ChannelSpec) -> float:
    """The channel's own shape: the one an uncropped picture is trimmed to."""
    width, height = spec.recommended_size
    return width / height


def accepts(spec: ChannelSpec, ratio: float) -> bool:
    return spec.aspect_min - _SAME <= ratio <= spec.aspect_max + _SAME


def export_size(spec: ChannelSpec, ratio: float) -> tuple[int, int]:
    """The pixel size a crop of shape ``ratio`` (width / height) is exported at; see above."""
    for size in (spec.recommended_size, *spec.export_sizes):
        if abs(size[0] / size[1] - ratio) < _SAME:
            return size
    rec_w, rec_h = spec.recommended_size
    width = min(float(rec_w), max(rec_w, rec_h) * ratio)
    if spec.max_width is not None:
        width = min(width, spec.max_width)
    if spec.min_width is not None:
        width = max(width, spec.min_width)
    if spec.min_size is not None:
        width = max(width, spec.min_size[0], spec.min_size[1] * ratio)
    return round(width), max(1, round(width / ratio))


def crop_presets(spec: ChannelSpec) -> list[AspectPreset]:
    """The channel's own shape first, then every common shape the channel accepts."""
    exact = export_ratio(spec)
    name = next((label for label, r in SHAPES if abs(r - exact) < _SAME), f"{exact:.2f}:1")
    shapes = [(name, exact)] + [(label, ratio) for label, ratio in SHAPES
                                if abs(ratio - exact) >= _SAME
                                and spec.aspect_min - 1e-9 <= ratio <= spec.aspect_max + 1e-9]
    presets = []
    for label, ratio in shapes:
        w, h = export_size(spec, ratio)
        presets.append(AspectPreset(f"{label} — exported at {w}×{h}", ratio, (w, h)))
    return presets


def shape_of(crop: Crop, width: int, height: int) -> float:
    """The crop's shape (width / height) in the picture's own pixels."""
    _, _, w, h = crop
    return (w * width) / (h * height) if h * height else 0.0


def export_plan(spec: ChannelSpec, crop: Crop | None, width: int, height: int) -> ExportPlan:
    """What the export does with one picture of ``width`` x ``height`` and its saved crop."""
    if crop is None or width <= 0 or height <= 0:
        return ExportPlan(spec.recommended_size, crop, False)   # unknown shape: trim as before
    return ExportPlan(export_size(spec, shape_of(crop, width, height)), crop, True)


def shape_problem(spec: ChannelSpec, media: str, crop: Crop | None, width: int,
                  height: int) -> str | None:
    """Why the channel does not take a crop of this shape, if it does not (a rule refusal)."""
    if crop is None or width <= 0 or height <= 0:
        return None
    ratio = shape_of(crop, width, height)
    if accepts(spec, ratio):
        return None
    cw, ch = crop_pixels(crop, width, height)
    return (f"channel.crop: the crop of {media} is {cw}×{ch} px (shape {ratio:.2f}:1); "
            f"{spec.label} takes shapes from {spec.aspect_min:g}:1 to {spec.aspect_max:g}:1. "
            "Choose one of the shapes the crop frame offers")


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
    out_w, out_h = export_plan(spec, crop, width, height).size
    if cw < out_w:
        return (f"The crop is {cw}×{ch} px; the export enlarges it to {out_w}×{out_h} px, "
                "which can look soft.")
    return None


def exported_crop(spec: ChannelSpec, crop: Crop | None, width: int, height: int) -> Crop:
    """The part of the picture the export sends, as fractions, so a preview shows it: the
    crop as saved, or the whole picture trimmed to the channel's shape as the exporter does."""
    if width <= 0 or height <= 0:
        return (0.0, 0.0, 1.0, 1.0)
    plan = export_plan(spec, crop, width, height)
    left, top, right, bottom = source_box(width, height, plan.crop,
                                          plan.size[0] / plan.size[1], exact=plan.exact)
    return (left / width, top / height, (right - left) / width, (bottom - top) / height)
