"""Geocoding behind geopy's interface: the offline gazetteer first, Nominatim only when asked for.

`GazetteerGeocoder` is a geopy Geocoder answering from data/gazetteer with no network at all. `GeocoderChain`
resolves a place name to an etl.model.Place: gazetteer first, then (only with ATLAS_ONLINE_GEOCODING=1 or
online=True) a remote geopy geocoder, rate-limited to one request a second, with every answer (misses too)
cached on disk. A network failure makes the name unresolved with a logged warning; it never raises.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from geopy.distance import geodesic
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from etl.gazetteer import Gazetteer, load_gazetteer
from etl.model import Place

log = logging.getLogger(__name__)

ONLINE_ENV = "ATLAS_ONLINE_GEOCODING"
DEFAULT_CACHE = Path(__file__).resolve().parents[1] / "data" / "cache" / "geocode.json"
USER_AGENT = "study-visit-atlas/0.1 (offline-first ETL; https://github.com/)"
TIMEOUT_S = 2.0  # a dead server must cost seconds, not minutes, per name
MIN_DELAY_S = 1.0  # Nominatim's usage policy: at most one request a second


class GazetteerGeocoder(Geocoder):
    """A geopy geocoder answering from the offline gazetteer; never touches the network.

    >>> loc = GazetteerGeocoder().geocode("Kota Pahlawan")
    >>> (loc.address, loc.raw["code"], loc.raw["level"], loc.raw["province"])
    ('Kota Surabaya', '35.78', 'kota', 'Jawa Timur')
    """

    def __init__(self, gazetteer: Gazetteer | None = None):
        super().__init__(user_agent=USER_AGENT)
        self.gazetteer = gazetteer or load_gazetteer()

    def geocode(self, query: str, *, exactly_one: bool = True) -> Location | list[Location] | None:
        """The place(s) a name means; with exactly_one a namesake ("Bogor") answers with the city."""
        places = self.gazetteer.candidates(query)
        if not places:
            return None
        locations = [to_location(p) for p in places if p.lat is not None and p.lon is not None]
        if not exactly_one:
            return locations or None
        if len(locations) > 1:
            cities = [loc for loc in locations if loc.raw["level"] == "kota"]
            locations = cities or locations
        return locations[0] if locations else None

    def reverse(self, query, *, exactly_one=True):  # the gazetteer has no reverse index
        raise NotImplementedError("GazetteerGeocoder does not reverse-geocode")


def to_location(place: Place) -> Location:
    """A geopy Location for a resolved Place; raw keeps code, level and province."""
    raw = {"name": place.name, "code": place.code, "level": place.level, "province": place.province}
    return Location(place.name or place.mention, (place.lat, place.lon), raw)


class _InjectedRateLimiter(RateLimiter):
    """geopy's RateLimiter with its clock and sleep supplied, so tests never wait."""

    def __init__(self, func, clock: Callable[[], float], sleep: Callable[[float], None], **kwargs):
        super().__init__(func, **kwargs)
        self._injected_clock = clock
        self._injected_sleep = sleep

    def _clock(self):
        return self._injected_clock()

    def _sleep(self, seconds):
        self._injected_sleep(seconds)


def default_remote() -> Geocoder:
    """Nominatim with a user agent, a 2 s timeout and no adapter retries (each retry would cost another 2 s)."""
    from geopy.adapters import RequestsAdapter, URLLibAdapter
    from geopy.geocoders import Nominatim

    try:
        import requests  # noqa: F401

        factory = partial(RequestsAdapter, max_retries=0)
    except ImportError:
        factory = URLLibAdapter  # urllib does not retry
    return Nominatim(user_agent=USER_AGENT, timeout=TIMEOUT_S, adapter_factory=factory)


def online_enabled(env: dict[str, str] | None = None) -> bool:
    """Whether online geocoding was asked for with ATLAS_ONLINE_GEOCODING=1."""
    return (os.environ if env is None else env).get(ONLINE_ENV, "") in ("1", "true", "yes")


class GeocoderChain:
    """Name -> Place: gazetteer first, then an opted-in remote geocoder behind a rate limit and a disk cache.

    >>> GeocoderChain(online=False).resolve("Kota Kembang").name
    'Kota Bandung'
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        online: bool | None = None,
        remote: Geocoder | None = None,
        cache_path: Path | None = DEFAULT_CACHE,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        min_delay: float = MIN_DELAY_S,
    ):
        self.offline = GazetteerGeocoder(gazetteer)
        self.online = online_enabled() if online is None else online
        self._remote = remote
        self._limited: Callable | None = None
        self.cache_path = cache_path
        self._clock, self._sleep, self._min_delay = clock, sleep, min_delay
        self.cache: dict[str, dict | None] = read_cache(cache_path) if cache_path else {}

    def _remote_call(self) -> Callable:
        if self._limited is None:
            remote = self._remote or default_remote()
            self._limited = _InjectedRateLimiter(
                remote.geocode,
                clock=self._clock,
                sleep=self._sleep,
                min_delay_seconds=self._min_delay,
                max_retries=0,
                swallow_exceptions=False,
            )
        return self._limited

    def resolve(self, name: str) -> Place:
        """The Place a name means, or an unresolved Place keeping the name (never raises)."""
        loc = self.offline.geocode(name)
        if loc is not None:
            return Place(loc.raw["name"], loc.raw["level"], loc.raw["code"], loc.raw["province"],
                         loc.latitude, loc.longitude, "gazetteer", name)  # fmt: skip
        if not self.online:
            return Place(None, "unknown", resolved_by="unresolved", mention=name)
        key = " ".join(name.lower().split())
        if key not in self.cache:
            try:
                found = None
                # Inside Indonesia first (a bare "Batu" or "Padang" has namesakes abroad); then the name alone,
                # for the delegations that went abroad to a place the gazetteer does not list.
                for query in remote_queries(name):
                    found = self._remote_call()(query, exactly_one=True)
                    if found is not None:
                        break
            except (GeopyError, OSError) as e:  # offline, timed out, refused: unknown, not fatal
                log.warning("online geocoding of %r failed (%s); left unresolved", name, type(e).__name__)
                return Place(None, "unknown", resolved_by="unresolved", mention=name)
            self.cache[key] = (
                None if found is None else {"address": found.address, "lat": found.latitude, "lon": found.longitude}
            )
            if self.cache_path:
                save_cache(self.cache_path, self.cache)
        hit = self.cache[key]
        if hit is None:
            return Place(None, "unknown", resolved_by="unresolved", mention=name)
        return Place(hit["address"], "unknown", None, None, hit["lat"], hit["lon"], "online", name)


def remote_queries(name: str) -> list[str]:
    """What the remote geocoder is asked for a name, in order, until one answers.

    >>> remote_queries("Desa Sukamakmur")
    ['Desa Sukamakmur, Indonesia', 'Desa Sukamakmur']
    >>> remote_queries("Bandung, Indonesia")
    ['Bandung, Indonesia']
    """
    name = " ".join(name.split())
    if name.lower().endswith("indonesia"):
        return [name]
    return [f"{name}, Indonesia", name]


def read_cache(path: Path) -> dict[str, dict | None]:
    """The on-disk geocoding cache (query -> answer or None for a known miss); empty when absent or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_cache(path: Path, cache: dict[str, dict | None]) -> None:
    """Write the cache atomically (temp file, then rename) so a killed run leaves the old one whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(cache, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


def distance_km(a: Place, b: Place) -> float | None:
    """Geodesic distance between two places in km, or None when either has no coordinates.

    >>> g = load_gazetteer()
    >>> round(distance_km(g.lookup("Kota Surabaya"), g.lookup("Kota Malang")))
    80
    """
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return geodesic((a.lat, a.lon), (b.lat, b.lon)).km
