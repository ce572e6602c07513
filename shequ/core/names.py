"""Pinyin search keys for Chinese names (issue #3 search): full pinyin and initials, surname heteronyms included."""

from functools import lru_cache
from itertools import product

from pypinyin import Style, pinyin

__all__ = ["pinyin_keys"]

MAX_COMBINATIONS = 8


@lru_cache(maxsize=50_000)
def _character(character: str, surname: bool) -> tuple[str, ...]:
    """Readings of one character: every reading for a surname (单 dan/shan, 曾 zeng/ceng), else the usual one.
    Cached per character, which makes names cheap however many there are."""
    syllables = pinyin(character, style=Style.NORMAL, heteronym=surname, errors="ignore")
    if not syllables:
        return ()
    options = syllables[0] if surname else syllables[0][:1]
    expanded = []
    for option in options:
        expanded.append(option)
        if "v" in option:  # ü is typed as v or u (吕 lv / lu)
            expanded.append(option.replace("v", "u"))
    return tuple(dict.fromkeys(expanded))


def _readings(name: str) -> list[tuple[str, ...]]:
    readings = [_character(character, index == 0) for index, character in enumerate(name)]
    return [reading for reading in readings if reading]


@lru_cache(maxsize=200_000)  # names repeat a great deal; imports and seeding call this per row
def pinyin_keys(name: str) -> str:
    """Space-delimited search keys, each preceded by a space: ' zengguofan cengguofan zgf cgf'.

    `contains(' ' + typed)` then matches a prefix of the full pinyin or of the initials.
    """
    readings = _readings(name)
    if not readings:
        return ""
    full, initials = [], []
    for combination in list(product(*readings))[:MAX_COMBINATIONS]:
        full.append("".join(combination))
        initials.append("".join(syllable[0] for syllable in combination))
    return "".join(f" {key}" for key in dict.fromkeys(full + initials))
