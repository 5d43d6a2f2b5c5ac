"""Channel specs (limits and image sizes) loaded once from assets/channels.toml."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field

from studio.assets import assets_dir
from studio.errors import BadInput
from studio.vocabulary import CHANNELS


@dataclass(frozen=True)
class ChannelSpec:
    name: str
    label: str
    text_limit: int
    counting: str
    max_images: int
    image_max_bytes: int
    image_formats: tuple[str, ...]
    aspect_min: float
    aspect_max: float
    recommended_size: tuple[int, int]           # the export size of the channel's own shape
    alt_text_limit: int
    hashtag_limit: int | None = None
    mention_limit: int | None = None
    min_width: int | None = None
    min_size: tuple[int, int] | None = None     # smallest picture the channel takes, px
    see_more_after: int | None = None           # characters shown before "see more", if known
    max_width: int | None = None
    url_weight: int = 23
    links_clickable: bool = True
    unverified: frozenset[str] = field(default_factory=frozenset)
    sources: dict[str, str] = field(default_factory=dict)
    # export sizes of other shapes where the channel states them (see studio.workflow.crops)
    export_sizes: tuple[tuple[int, int], ...] = ()

    def is_unverified(self, fact: str) -> bool:
        """True when the number is a convention, which the app must label as such."""
        return fact in self.unverified


@functools.cache
def all_channels() -> dict[str, ChannelSpec]:
    with open(assets_dir() / "channels.toml", "rb") as fh:
        raw = tomllib.load(fh)
    specs: dict[str, ChannelSpec] = {}
    for name, d in raw.items():
        specs[name] = ChannelSpec(
            name=name, label=d["label"], text_limit=d["text_limit"], counting=d["counting"],
            max_images=d["max_images"], image_max_bytes=d["image_max_bytes"],
            image_formats=tuple(d["image_formats"]), aspect_min=d["aspect_min"],
            aspect_max=d["aspect_max"], recommended_size=tuple(d["recommended_size"]),
            alt_text_limit=d["alt_text_limit"], hashtag_limit=d.get("hashtag_limit"),
            mention_limit=d.get("mention_limit"), min_width=d.get("min_width"),
            max_width=d.get("max_width"),
            min_size=tuple(d["min_size"]) if "min_size" in d else None,
            see_more_after=d.get("see_more_after"), url_weight=d.get("url_weight", 23),
            links_clickable=d.get("links_clickable", True),
            unverified=frozenset(d.get("unverified", [])), sources=dict(d.get("sources", {})),
            export_sizes=tuple((int(w), int(h)) for w, h in d.get("export_sizes", [])))
    missing = set(CHANNELS) - set(specs)
    if missing:
        raise RuntimeError(f"assets/channels.toml lacks {sorted(missing)}")
    return specs


def channel(name: str) -> ChannelSpec:
    spec = all_channels().get(name.strip().lower())
    if spec is None:
        raise BadInput(f"unknown channel {name!r}; channels are {', '.join(CHANNELS)}")
    return spec
