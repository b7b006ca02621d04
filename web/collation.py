"""Chinese names in dictionary (pinyin) order, and the text a name is found by.

Uses pypinyin's phrase dictionary, so place names read right (重庆 chóngqìng,
长沙 chángshā, 乐平 lèpíng), not character by character.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=8192)
def pinyin_key(name: str) -> tuple:
    """Sort key: the syllables' letters, then their tones, then the characters."""
    syllables = lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True)
    letters = tuple(s.rstrip("012345") for s in syllables)
    tones = tuple(s[-1] if s[-1:].isdigit() else "0" for s in syllables)
    return (letters, tones, name)


@lru_cache(maxsize=8192)
def match_text(name: str) -> str:
    """What a filter box finds ``name`` by: the name, its pinyin and its initials
    (永新县 → "永新县 yongxinxian yxx"), lower case."""
    syllables = lazy_pinyin(name)
    return f"{name} {''.join(syllables)} {''.join(s[:1] for s in syllables)}".lower()


def finds(needle: str, name: str) -> bool:
    """Whether the filter text ``needle`` finds ``name`` (a substring of `match_text`)."""
    needle = "".join(needle.split()).lower()
    return not needle or needle in match_text(name)
