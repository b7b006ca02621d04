"""Characters that must never reach the index or a page, and how they are made safe.

* Lone surrogates (``"\\ud800"`` in a JSON string: valid JSON, what a cut emoji
  leaves) cannot be encoded as UTF-8 at all: one of them in a record made every
  write or every page that showed it fail. Noncharacters (U+FDD0–U+FDEF and
  U+xFFFE/U+xFFFF of every plane) are not meant for interchange (XML cannot carry
  U+FFFE/U+FFFF). Both become U+FFFD, the replacement character.
* Bidirectional embedding/override/isolate controls (U+202A–U+202E,
  U+2066–U+2069) let text render in an order other than the one stored
  (``"abc\\u202edcba"``); no newspaper text needs them, so they are removed.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

_INVALID = re.compile("[\ud800-\udfff\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)) + "]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def repair_text(text: str) -> str:
    """``text`` with every lone surrogate and noncharacter replaced by U+FFFD."""
    return _INVALID.sub(REPLACEMENT, text)


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional embedding, override and isolate controls."""
    return _BIDI_CONTROLS.sub("", text)


def repair_value(value, where: str = "") -> tuple[object, list[str]]:
    """A decoded JSON value with every string (keys too) repaired (`repair_text`) and
    stripped of bidi controls; also the dotted names of the fields that held
    invalid text (``"paper"``, ``"authors[0].name"``), to warn about."""
    repaired: list[str] = []

    def walk(v, path: str):
        if isinstance(v, str):
            fixed = repair_text(v)
            if fixed != v:
                repaired.append(path or "(value)")
            return strip_bidi(fixed)
        if isinstance(v, list):
            return [walk(item, f"{path}[{i}]") for i, item in enumerate(v)]
        if isinstance(v, dict):
            out = {}
            for key, item in v.items():
                fixed_key = repair_text(key)
                name = f"{path}.{fixed_key}" if path else fixed_key
                if fixed_key != key:
                    repaired.append(name)
                out[fixed_key] = walk(item, name)
            return out
        return v

    return walk(value, where), repaired
