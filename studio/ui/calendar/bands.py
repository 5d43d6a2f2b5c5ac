"""Observance bands laid out in lanes, so overlapping observances never paint over each other.

Observances with the same dates share one band (three awareness months in November are one
band naming all three), which keeps a month's squares free for posts. No Qt here: it is
arithmetic on dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from studio.planning import ObservanceDates


@dataclass(frozen=True)
class Band:
    first: dt.date
    last: dt.date            # inclusive
    names: tuple[str, ...]
    lane: int

    @property
    def label(self) -> str:
        return " · ".join(self.names)

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


def layout_bands(observances: tuple[ObservanceDates, ...] | list[ObservanceDates],
                 first: dt.date, last: dt.date) -> list[Band]:
    """Bands clipped to ``first``..``last``, longest first, each in the lowest free lane."""
    grouped: dict[tuple[dt.date, dt.date], list[str]] = {}
    for o in observances:
        start, end = max(o.starts_on, first), min(o.ends_on, last)
        if start <= end:
            grouped.setdefault((start, end), []).append(o.name)
    ordered = sorted(grouped.items(), key=lambda item: (item[0][0] - item[0][1], item[0][0]))
    lanes: list[list[tuple[dt.date, dt.date]]] = []
    bands = []
    for (start, end), names in ordered:
        lane = next((i for i, taken in enumerate(lanes)
                     if all(end < a or start > b for a, b in taken)), len(lanes))
        if lane == len(lanes):
            lanes.append([])
        lanes[lane].append((start, end))
        bands.append(Band(start, end, tuple(names), lane))
    return sorted(bands, key=lambda b: (b.lane, b.first))


def lanes_between(bands: list[Band], first: dt.date, last: dt.date) -> int:
    """How many lanes the days ``first``..``last`` must leave room for."""
    used = [b.lane for b in bands if b.first <= last and b.last >= first]
    return max(used) + 1 if used else 0
