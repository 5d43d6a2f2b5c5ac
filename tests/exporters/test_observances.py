"""The curated observance table: rules give the dates the sources state."""

from __future__ import annotations

import datetime as dt

from studio.planning import observance_table, observances_between


def _on(key: str, year: int) -> tuple[dt.date, dt.date]:
    found = [o for o in observances_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
             if o.key == key and o.starts_on.year == year]
    assert len(found) == 1, key
    return found[0].starts_on, found[0].ends_on


def test_rules_match_the_dates_in_the_sources() -> None:
    assert _on("national-public-health-week", 2021) == (dt.date(2021, 4, 5),
                                                        dt.date(2021, 4, 11))
    assert _on("national-womens-health-week", 2021) == (dt.date(2021, 5, 9),
                                                        dt.date(2021, 5, 15))
    assert _on("great-american-smokeout", 2026)[0] == dt.date(2026, 11, 19)
    assert _on("national-wear-red-day", 2026)[0] == dt.date(2026, 2, 6)
    assert _on("us-antibiotic-awareness-week", 2026) == (dt.date(2026, 11, 18),
                                                         dt.date(2026, 11, 24))
    assert _on("american-heart-month", 2028) == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    assert _on("world-aids-day", 2030) == (dt.date(2030, 12, 1), dt.date(2030, 12, 1))


def test_table_is_versioned_and_sourced() -> None:
    version, rules = observance_table()
    assert version >= 1 and len(rules) >= 20
    assert all(r.source and r.confidence in ("PRIMARY", "SECONDARY", "UNVERIFIED")
               for r in rules)
    assert len({r.key for r in rules}) == len(rules)


def test_range_filter_is_inclusive_and_ordered() -> None:
    rows = observances_between(dt.date(2027, 12, 1), dt.date(2027, 12, 1))
    assert [r.key for r in rows] == ["world-aids-day"]
    rows = observances_between(dt.date(2027, 3, 1), dt.date(2027, 4, 30))
    assert [r.starts_on for r in rows] == sorted(r.starts_on for r in rows)
