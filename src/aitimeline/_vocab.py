"""The vocabularies of the record: country and region codes, country names, closed word lists.

Layer: the lowest, beside ``exceptions``. One table of countries serves every reader and
writer: the codes :class:`~aitimeline.Event` accepts, the names Epoch AI writes (read by
:mod:`aitimeline.epoch`) and the short labels plots put on lanes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal, TypeAlias

__all__ = [
    "COUNTRY_CODES",
    "COUNTRY_LABELS",
    "COUNTRY_NAMES",
    "EXPORT_ACTIONS",
    "REGIONS",
    "RELEASE_STAGES",
    "ExportAction",
    "ReleaseStage",
    "country_hint",
]

COUNTRY_CODES: Final = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
    """.split()  # noqa: SIM905 - a block of codes is easier to check than 249 quoted strings
)
"""The 249 officially assigned ISO 3166-1 alpha-2 country codes (``"US"``, ``"CN"``, ``"GB"``)."""

REGIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "EU": "the European Union",
        "INTL": "an international organisation, or several countries acting together",
    }
)
"""Codes other than countries that ``Event.country`` accepts, with what each stands for."""


_COUNTRY_HINTS: Final = {"UK": "GB", "EL": "GR", "USA": "US", "PRC": "CN", "CHN": "CN"}


def country_hint(value: str) -> str | None:
    """Return the code *value* was probably meant to be (``'uk'`` -> ``'GB'``), or None."""
    fixed = _COUNTRY_HINTS.get(value.upper(), value.upper())
    return fixed if fixed in COUNTRY_CODES or fixed in REGIONS else None


_COUNTRIES: Final[tuple[tuple[str, str | None, tuple[str, ...]], ...]] = (
    # (code, short label for plots or None to show the code, names Epoch AI writes)
    ("AE", None, ("United Arab Emirates",)),
    ("AR", None, ("Argentina",)),
    ("AT", None, ("Austria",)),
    ("AU", None, ("Australia",)),
    ("BE", None, ("Belgium",)),
    ("BG", None, ("Bulgaria",)),
    ("BR", None, ("Brazil",)),
    ("CA", None, ("Canada",)),
    ("CH", None, ("Switzerland",)),
    ("CL", None, ("Chile",)),
    ("CN", "China", ("China",)),
    ("CZ", None, ("Czechia", "Czech Republic")),
    ("DE", "Germany", ("Germany",)),
    ("DK", None, ("Denmark",)),
    ("EE", None, ("Estonia",)),
    ("EG", None, ("Egypt",)),
    ("ES", None, ("Spain",)),
    ("EU", "European Union", ()),
    ("FI", None, ("Finland",)),
    ("FR", "France", ("France",)),
    ("GB", "Britain", ("United Kingdom of Great Britain and Northern Ireland", "United Kingdom")),
    ("GR", None, ("Greece",)),
    ("HK", "Hong Kong", ("Hong Kong",)),
    ("HR", None, ("Croatia",)),
    ("HU", None, ("Hungary",)),
    ("ID", None, ("Indonesia",)),
    ("IE", None, ("Ireland",)),
    ("IL", None, ("Israel",)),
    ("IN", "India", ("India",)),
    ("INTL", "International", ("Multinational",)),
    ("IR", None, ("Iran (Islamic Republic of)", "Iran")),
    ("IT", None, ("Italy",)),
    ("JP", "Japan", ("Japan",)),
    ("KR", "South Korea", ("Korea (Republic of)", "South Korea", "Republic of Korea")),
    ("LU", None, ("Luxembourg",)),
    ("MX", None, ("Mexico",)),
    ("MY", None, ("Malaysia",)),
    ("NG", None, ("Nigeria",)),
    ("NL", None, ("Netherlands",)),
    ("NO", None, ("Norway",)),
    ("NZ", None, ("New Zealand",)),
    ("PK", None, ("Pakistan",)),
    ("PL", None, ("Poland",)),
    ("PT", None, ("Portugal",)),
    ("QA", None, ("Qatar",)),
    ("RO", None, ("Romania",)),
    ("RU", None, ("Russia", "Russian Federation")),
    ("SA", None, ("Saudi Arabia",)),
    ("SE", None, ("Sweden",)),
    ("SG", None, ("Singapore",)),
    ("SI", None, ("Slovenia",)),
    ("SK", None, ("Slovakia",)),
    ("TH", None, ("Thailand",)),
    ("TR", None, ("Turkey", "Türkiye")),
    ("TW", "Taiwan", ("Taiwan",)),
    ("UA", None, ("Ukraine",)),
    ("US", "United States", ("United States of America", "United States")),
    ("VN", None, ("Viet Nam", "Vietnam")),
    ("ZA", None, ("South Africa",)),
)
"""The one country table: each code with its plot label and the names data sources write."""

COUNTRY_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {name: code for code, _label, names in _COUNTRIES for name in names}
)
"""Country names as Epoch AI writes them, mapped to ISO 3166-1 alpha-2 codes (and ``INTL``)."""

COUNTRY_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {code: label for code, label, _names in _COUNTRIES if label is not None}
)
"""Short names plots give lanes of the main countries (``'GB'`` is ``'Britain'``)."""

ExportAction: TypeAlias = Literal["ban", "tighten", "lift", "licence"]
"""What an export control does: impose a ban, tighten, lift, or set licensing terms."""
EXPORT_ACTIONS: Final[tuple[str, ...]] = ("ban", "tighten", "lift", "licence")
"""The values :attr:`ExportControl.action` accepts."""

ReleaseStage: TypeAlias = Literal["announced", "preview", "released"]
"""How far a release got: shown but not usable, usable as a preview, or generally available."""
RELEASE_STAGES: Final[tuple[str, ...]] = ("announced", "preview", "released")
"""The values :attr:`Release.stage` accepts."""


SLUG: Final = re.compile(r"[a-z0-9][a-z0-9-]*")
"""An id or tag: lower-case letters, digits and hyphens, starting with a letter or digit."""
KEY: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""A source's short reference key, such as ``'A000'``."""
