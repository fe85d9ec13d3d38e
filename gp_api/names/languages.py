"""The request's language: `Accept-Language` (RFC 9110) mapped onto the six UN languages."""

from __future__ import annotations

import functools

from gp_api.names.models import LanguageCode

BY_TAG = {language.value.lower(): language for language in LanguageCode}


@functools.lru_cache(maxsize=512)  # read on every request; browsers send a few headers
def preferred(header: str | None) -> LanguageCode:
    """The most preferred of the six languages the header names (`fr-CH, fr;q=0.9, en;q=0.8`
    -> FR); English when it names none of them, or is absent or malformed."""
    best: tuple[float, int, LanguageCode] | None = None
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        language = BY_TAG.get(tag.strip().lower().split("-")[0])
        if language is None or not 0 < quality <= 1:
            continue
        if best is None or (quality, -position) > (best[0], best[1]):
            best = (quality, -position, language)
    return LanguageCode.EN if best is None else best[2]
