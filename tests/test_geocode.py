import json
import logging

import pytest
from geopy.exc import GeocoderTimedOut, GeocoderUnavailable
from geopy.location import Location

from etl.gazetteer import load_gazetteer
from etl.geocode import GazetteerGeocoder, GeocoderChain, distance_km, online_enabled
from etl.model import Place


class FakeRemote:
    """Stands in for Nominatim: answers from a dict, or raises what it was given; counts calls."""

    def __init__(self, answers=None, error=None):
        self.answers = answers or {}
        self.error = error
        self.calls: list[str] = []

    def geocode(self, query, exactly_one=True):
        self.calls.append(query)
        if self.error is not None:
            raise self.error
        hit = self.answers.get(query)
        return None if hit is None else Location(hit[0], (hit[1], hit[2]), {})


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 3))
        self.now += seconds


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Kota Pahlawan", ("Kota Surabaya", "35.78", "kota", "Jawa Timur")),
        ("Kabupaten Minahasa", ("Kabupaten Minahasa", "71.02", "kabupaten", "Sulawesi Utara")),
        ("Bogor", ("Kota Bogor", "32.71", "kota", "Jawa Barat")),
        ("Kemendagri", ("Kementerian Dalam Negeri", None, "national", "DKI Jakarta")),
        ("Seoul", ("Seoul", None, "foreign", None)),
    ],
)
def test_offline_geocoder_returns_locations(query, expected):
    loc = GazetteerGeocoder().geocode(query)
    assert isinstance(loc, Location)
    assert (loc.address, loc.raw["code"], loc.raw["level"], loc.raw["province"]) == expected
    assert -90 <= loc.latitude <= 90 and -180 <= loc.longitude <= 180


def test_offline_geocoder_lists_namesakes_and_misses():
    locs = GazetteerGeocoder().geocode("Tangerang", exactly_one=False)
    assert sorted(loc.address for loc in locs) == ["Kabupaten Tangerang", "Kota Tangerang"]
    assert GazetteerGeocoder().geocode("Atlantis") is None


def test_chain_uses_gazetteer_and_never_calls_remote_for_known_names(tmp_path):
    remote = FakeRemote()
    chain = GeocoderChain(online=True, remote=remote, cache_path=tmp_path / "c.json")
    p = chain.resolve("Kota Kembang")
    assert (p.name, p.level, p.code, p.resolved_by, p.mention) == ("Kota Bandung", "kota", "32.73", "gazetteer",
                                                                    "Kota Kembang")  # fmt: skip
    assert remote.calls == []


def test_chain_offline_by_default_leaves_unknown_names_unresolved(tmp_path):
    chain = GeocoderChain(online=False, remote=FakeRemote({"Desa Sukamakmur, Indonesia": ("X", 1.0, 2.0)}),
                          cache_path=tmp_path / "c.json")  # fmt: skip
    assert chain.resolve("Desa Sukamakmur") == Place(
        None, "unknown", resolved_by="unresolved", mention="Desa Sukamakmur"
    )


def test_online_answer_is_cached_with_misses_and_rate_limited(tmp_path):
    cache = tmp_path / "cache" / "geocode.json"
    remote = FakeRemote({"Desa Sukamakmur, Indonesia": ("Sukamakmur, Bogor, Jawa Barat", -6.5, 106.9)})
    t = FakeClock()
    chain = GeocoderChain(online=True, remote=remote, cache_path=cache, clock=t.clock, sleep=t.sleep)
    first = chain.resolve("Desa Sukamakmur")
    assert first == Place(
        "Sukamakmur, Bogor, Jawa Barat", "unknown", None, None, -6.5, 106.9, "online", "Desa Sukamakmur"
    )
    assert chain.resolve("Desa Entah") == Place(None, "unknown", resolved_by="unresolved", mention="Desa Entah")
    # The miss asked twice (inside Indonesia, then the bare name); each request after the first waited its
    # one-second slot, without really sleeping.
    assert remote.calls == ["Desa Sukamakmur, Indonesia", "Desa Entah, Indonesia", "Desa Entah"]
    assert t.slept == [1.0, 1.0]
    assert json.loads(cache.read_text()) == {
        "desa entah": None,
        "desa sukamakmur": {"address": "Sukamakmur, Bogor, Jawa Barat", "lat": -6.5, "lon": 106.9},
    }
    # A new chain reads the cache: neither the hit nor the miss asks the server again.
    again = FakeRemote()
    chain2 = GeocoderChain(online=True, remote=again, cache_path=cache, clock=t.clock, sleep=t.sleep)
    assert chain2.resolve("Desa Sukamakmur").resolved_by == "online"
    assert chain2.resolve("desa  entah").resolved_by == "unresolved"
    assert again.calls == []


@pytest.mark.parametrize("error", [GeocoderTimedOut("timed out"), GeocoderUnavailable("down"), OSError("no route")])
def test_network_failure_degrades_to_unresolved_with_warning(tmp_path, caplog, error):
    chain = GeocoderChain(online=True, remote=FakeRemote(error=error), cache_path=tmp_path / "c.json",
                          clock=FakeClock().clock, sleep=lambda s: None)  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="etl.geocode"):
        p = chain.resolve("Desa Sukamakmur")
    assert p == Place(None, "unknown", resolved_by="unresolved", mention="Desa Sukamakmur")
    assert "left unresolved" in caplog.text
    assert not (tmp_path / "c.json").exists()  # a failure is not a known miss: it is asked again next run


@pytest.mark.parametrize(
    "env, expected", [({}, False), ({"ATLAS_ONLINE_GEOCODING": "1"}, True), ({"ATLAS_ONLINE_GEOCODING": "0"}, False)]
)
def test_online_is_opt_in(env, expected):
    assert online_enabled(env) is expected


def test_default_remote_has_short_timeout_and_no_retries():
    from etl.geocode import TIMEOUT_S, default_remote

    remote = default_remote()  # builds the object only; no request is made
    assert remote.timeout == TIMEOUT_S == 2.0
    assert "study-visit-atlas" in remote.headers["User-Agent"]
    adapter = getattr(remote.adapter, "session", None)
    if adapter is not None:
        assert remote.adapter.session.get_adapter("https://").max_retries.total == 0


@pytest.mark.parametrize(
    "a, b, km",
    [("Kota Surabaya", "Kota Malang", 80), ("Kota Ternate", "Kota Surabaya", 1853), ("Kota Bogor", "Kota Bogor", 0)],
)
def test_distance_km(a, b, km):
    g = load_gazetteer()
    assert round(distance_km(g.lookup(a), g.lookup(b))) == km


def test_distance_unknown_without_coordinates():
    g = load_gazetteer()
    assert distance_km(g.lookup("Kota Surabaya"), Place(None, "unknown")) is None


def test_a_place_abroad_is_found_by_its_bare_name_after_the_indonesian_query_misses(tmp_path):
    remote = FakeRemote({"Kamikatsu": ("Kamikatsu, Tokushima, Japan", 33.91, 134.40)})
    t = FakeClock()  # its sleep moves its clock on: the rate limiter waits between the two requests
    chain = GeocoderChain(online=True, remote=remote, cache_path=tmp_path / "c.json", clock=t.clock, sleep=t.sleep)
    p = chain.resolve("Kamikatsu")
    assert (p.name, p.lat, p.lon, p.resolved_by) == ("Kamikatsu, Tokushima, Japan", 33.91, 134.40, "online")
    assert remote.calls == ["Kamikatsu, Indonesia", "Kamikatsu"]


def test_an_indonesian_answer_wins_over_a_namesake_abroad(tmp_path):
    remote = FakeRemote({"Desa Batu, Indonesia": ("Batu, Jawa Timur", -7.87, 112.52),
                         "Desa Batu": ("Batu, Somewhere Else", 1.0, 2.0)})  # fmt: skip
    chain = GeocoderChain(online=True, remote=remote, cache_path=tmp_path / "c.json",
                          clock=FakeClock().clock, sleep=lambda s: None)  # fmt: skip
    assert chain.resolve("Desa Batu").name == "Batu, Jawa Timur"
    assert remote.calls == ["Desa Batu, Indonesia"]
