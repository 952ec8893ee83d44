"""Kolada's public API v3 (https://api.kolada.se/v3): a pure parser and a small client.

Data responses (`/data/kpi/{kpi}/municipality/{ids}/year/{years}`, comma lists allowed) look like

    {"count": 2, "next_url": null, "previous_url": null,
     "values": [{"kpi": "N15428", "municipality": "0884", "period": 2023,
                 "values": [{"gender": "T", "count": 1, "status": "", "value": 71.2},
                            {"gender": "K", ...}, {"gender": "M", ...}]}]}

Paging follows `next_url` until it is null. Gender is T (total), K (women), M (men); a KPI not
divided by gender has only T. `value` may be null (not reported / suppressed).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from tillit.core.errors import TillitError

MAX_PAGES = 100


class KoladaError(TillitError):
    code = "kolada_error"
    status = 502

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class KoladaRow:
    kpi: str
    area: str
    year: int
    gender: str
    value: Decimal | None
    status: str = ""


def parse_data(payload: dict) -> list[KoladaRow]:
    """One data page -> rows. Raises KoladaError when the shape is not Kolada's."""
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise KoladaError(_("Kolada svarade med något som inte är ett dataobjekt (saknar values)."))
    rows = []
    for entry in payload["values"]:
        try:
            kpi = str(entry["kpi"])
            area = str(entry.get("municipality") or entry.get("ou") or "")
            year = int(entry["period"])
            for cell in entry.get("values") or []:
                raw = cell.get("value")
                try:
                    value = None if raw is None else Decimal(str(raw))
                except InvalidOperation:
                    value = None
                rows.append(
                    KoladaRow(
                        kpi,
                        area,
                        year,
                        str(cell.get("gender") or "T"),
                        value,
                        str(cell.get("status") or ""),
                    )
                )
        except (KeyError, TypeError, ValueError) as exc:
            raise KoladaError(
                _("Kolada-svaret har en rad som inte kan läsas: %(exc)s.") % {"exc": repr(exc)}
            ) from None
    return rows


def parse_years(spec: str) -> list[int]:
    """'2019-2025' or '2019,2021' -> [2019, …]."""
    years: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            first, last = (int(p) for p in part.split("-", 1))
            if last < first or last - first > 50:
                raise ValueError(_("ogiltigt årsintervall %(part)s") % {"part": repr(part)})
            years.extend(range(first, last + 1))
        else:
            years.append(int(part))
    if not years:
        raise ValueError(_("inga år angivna"))
    return sorted(set(years))


def data_url(base: str, kpis: list[str], areas: list[str], years: list[int]) -> str:
    return (
        f"{base.rstrip('/')}/data/kpi/{','.join(kpis)}/municipality/{','.join(areas)}"
        f"/year/{','.join(str(y) for y in years)}"
    )


class KoladaClient:
    """GET with an on-disk cache, retries with backoff on 429/5xx, and paging by next_url."""

    def __init__(
        self,
        *,
        base_url: str,
        cache_dir: Path | None = None,
        max_age_seconds: int = 24 * 3600,
        retries: int = 4,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 20.0,
    ):
        self.base_url = base_url
        self.cache_dir = cache_dir
        self.max_age = max_age_seconds
        self.retries = retries
        self.sleep = sleep
        self.timeout = timeout

    def fetch(self, kpis: list[str], areas: list[str], years: list[int]) -> list[KoladaRow]:
        rows: list[KoladaRow] = []
        for page in self.pages(data_url(self.base_url, kpis, areas, years)):
            rows.extend(parse_data(page))
        return rows

    def pages(self, url: str) -> Iterator[dict]:
        seen = 0
        while url:
            seen += 1
            if seen > MAX_PAGES:
                raise KoladaError(
                    _("Kolada gav fler än %(MAX_PAGES)s sidor; avbryter.")
                    % {"MAX_PAGES": MAX_PAGES}
                )
            payload = self.get_json(url)
            yield payload
            next_url = payload.get("next_url") or ""
            if next_url == url:
                raise KoladaError(_("Kolada pekar på samma sida igen (next_url); avbryter."))
            url = next_url

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".json")

    def get_json(self, url: str) -> dict:
        path = self._cache_path(url)
        if path and path.exists() and time.time() - path.stat().st_mtime < self.max_age:
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                path.unlink(missing_ok=True)
        payload = self._get(url)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        return payload

    def _get(self, url: str) -> dict:
        import httpx

        delay = 1.0
        last = ""
        for attempt in range(1, self.retries + 1):
            try:
                response = httpx.get(
                    url, timeout=self.timeout, headers={"Accept": "application/json"}
                )
            except httpx.TransportError as exc:
                raise KoladaError(
                    _(
                        "Kunde inte nå Kolada (%(base_url)s): %(name)s. Kontrollera "
                        "nätverket, eller ladda demodata med --bundle."
                    )
                    % {"base_url": self.base_url, "name": exc.__class__.__name__}
                ) from None
            if response.status_code == 429 or response.status_code >= 500:
                last = f"HTTP {response.status_code}"
                if attempt == self.retries:
                    break
                wait = _retry_after(response.headers.get("Retry-After"), delay)
                self.sleep(wait)
                delay = min(delay * 2, 60)
                continue
            if response.status_code != 200:
                raise KoladaError(
                    _("Kolada svarade HTTP %(status_code)s för %(url)s.")
                    % {"status_code": response.status_code, "url": url}
                )
            try:
                return response.json()
            except ValueError:
                raise KoladaError(_("Kolada svarade med något som inte är JSON.")) from None
        raise KoladaError(
            _("Kolada svarar inte just nu (%(last)s efter %(retries)s försök).")
            % {"last": last, "retries": self.retries}
        )


def _retry_after(header: str | None, fallback: float) -> float:
    try:
        return min(max(float(header), 0.0), 120.0) if header else fallback
    except ValueError:
        return fallback
