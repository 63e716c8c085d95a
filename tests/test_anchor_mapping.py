"""How ``make anchors`` maps the anchors' answers to our records (bench/anchor_systems.py, which
runs in the side venv and imports its anchor only inside the functions that call it): fake
quantulum3 quantities and HeidelTime tags in, count and date records out."""
from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import anchor_systems as anchors  # noqa: E402


def unit(name, entity, code=None):
    return SimpleNamespace(name=name, entity=SimpleNamespace(name=entity), currency_code=code)


def quantity(surface, span, value, u, uncertainty=None):
    return SimpleNamespace(surface=surface, span=span, value=value, unit=u, uncertainty=uncertainty)


@pytest.mark.parametrize("u, expected", [
    (unit("pound sterling", "currency", "GBP"), ("money", "GBP")),
    (unit("dollar", "currency", None), ("money", "dollar")),
    (unit("percentage", "dimensionless"), ("percent", "%")),
    (unit("dimensionless", "dimensionless"), ("count", None)),
    (unit("megawatt", "power"), ("measure", "megawatt")),
])
def test_kind_and_unit(u, expected):
    assert anchors.kind_and_unit(u) == expected


@pytest.mark.parametrize("q, expected", [
    (quantity("214", (0, 3), 214.0, unit("dimensionless", "dimensionless")), (214, 214, "exact")),
    (quantity("4.2%", (0, 4), 4.2, unit("percentage", "dimensionless")), (4.2, 4.2, "exact")),
    # "between 500 and 700" is 600 +- 100 in quantulum3: the range it spans
    (quantity("between 500 and 700", (0, 19), 600.0, unit("dimensionless", "dimensionless"), 100.0),
     (500, 700, "range")),
])
def test_bounds(q, expected):
    assert anchors.bounds(q) == expected


class FakeParser:
    def __init__(self, quantities):
        self.quantities = quantities

    def parse(self, text):
        return self.quantities


def test_quantulum_row_drops_durations_and_places_the_rest():
    text = "Prices rose 4.2% in a month to £3.1 billion."
    parser = FakeParser([quantity("4.2%", (12, 16), 4.2, unit("percentage", "dimensionless")),
                         quantity("a month", (20, 27), 1.0, unit("month", "time")),
                         quantity("£3.1 billion", None, 3.1e9, unit("pound sterling", "currency", "GBP"))])
    counts, dropped = anchors.quantulum_row(parser, {"text": text})
    assert dropped == 1
    assert [(c["text"], c["start"], c["low"], c["kind"], c["unit"]) for c in counts] == [
        ("4.2%", 12, 4.2, "percent", "%"), ("£3.1 billion", 31, 3100000000, "money", "GBP")]


def test_dates_of_keeps_heideltime_types_and_places_tags_in_order():
    text = "On Monday, and again on Monday, for six hours."
    tags = [{"text": "Monday", "type": "DATE", "value": "2025-11-10"},
            {"text": "Monday", "type": "DATE", "value": "2025-11-10"},
            {"text": "six hours", "type": "DURATION", "value": "PT6H"},
            {"text": "never there", "type": "DATE", "value": "2025"}]
    dates, unplaced = anchors.dates_of(text, tags)
    assert unplaced == 1
    assert [(d["start"], d["type"], d["value"]) for d in dates] == [
        (3, "DATE", "2025-11-10"), (24, "DATE", "2025-11-10"), (36, "DURATION", "PT6H")]
