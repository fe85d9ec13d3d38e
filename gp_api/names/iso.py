"""States' names in the six languages from the ISO 3166-1 translations `pycountry` ships
(the Debian iso-codes project's gettext catalogs).

The UN's own terminology is the record for English (and for any language where a UN form is
recorded); the ISO translations only fill the languages the record lacks. They differ from UN
usage in places: ISO writes "Bolivia, Plurinational State of" where the UN writes "Bolivia
(Plurinational State of)", its French "Bolivie, état plurinational de" where the UN writes
"Bolivie (État plurinational de)", its Spanish "Bielorrusia" where the UN writes "Belarús", its
Arabic has no translation of "Türkiye" (left out here: an untranslated form is no translation).
A derived name applies from the day the state's current English name does (an ISO translation
of "Libya" is no name of the Libyan Arab Jamahiriya), and says where it comes from.
"""

from __future__ import annotations

import functools
import gettext
import importlib.metadata
from collections.abc import Sequence

import pycountry

from gp_api.models_common import Confidence
from gp_api.names.models import LanguageCode
from gp_api.names.rows import NameRow

ISO_CODES_SOURCE = "https://salsa.debian.org/iso-codes-team/iso-codes"
# The gettext catalog of each language (the UN writes Chinese in simplified characters).
CATALOGS = {
    LanguageCode.AR: "ar",
    LanguageCode.ZH: "zh_CN",
    LanguageCode.FR: "fr",
    LanguageCode.RU: "ru",
    LanguageCode.ES: "es",
}
PYCOUNTRY_VERSION = importlib.metadata.version("pycountry")


@functools.cache
def _catalog(language: LanguageCode) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[CATALOGS[language]], fallback=True
    )


@functools.cache
def translations(alpha2: str) -> dict[LanguageCode, str]:
    """The ISO 3166-1 name of the country in each language that has a translation of it."""
    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        return {}
    found = {}
    for language in CATALOGS:
        # A catalog entry, even one spelled as in English ("Australia" in Spanish), is a
        # translation; a name the catalog lacks is none.
        translated = getattr(_catalog(language), "_catalog", {}).get(country.name)
        if translated:
            found[language] = str(translated)
    return found


def derived_names(alpha2: str, recorded: Sequence[NameRow]) -> list[NameRow]:
    """The ISO translations of a state's current name, for the languages the record has no
    form in that applies today, valid from when the current English name is."""
    current_en = [r for r in recorded if r.language is LanguageCode.EN and r.valid_until is None]
    since = current_en[0].valid_from if current_en else None
    covered = {r.language for r in recorded if r.valid_until is None}
    return [
        NameRow(
            language,
            name,
            None,
            since,
            None,
            ISO_CODES_SOURCE,
            # The ISO form of the name, not necessarily the UN's own (see the module's notes).
            Confidence.UNCONFIRMED,
            derived=True,
        )
        for language, name in translations(alpha2.upper()).items()
        if language not in covered
    ]
