"""Text that every format can carry."""

from __future__ import annotations

import re

# Characters XML 1.0 does not allow (and RFC 5545 TEXT does not either, but for the tab):
# C0 controls other than tab, line feed and carriage return, lone surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` with each character XML 1.0 cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)
