"""Pinyin search keys for Chinese names (issue #3 search): full pinyin and initials, surname heteronyms included."""

from functools import lru_cache
from itertools import product

from pypinyin import Style, pinyin

__all__ = ["pinyin_keys"]

MAX_COMBINATIONS = 8


def _readings(name: str) -> list[list[str]]:
    # Heteronyms only for the surname (单 dan/shan, 曾 zeng/ceng); the given name's usual reading otherwise,
    # so that the number of keys stays small.
    readings = []
    for index, syllables in enumerate(pinyin(name, style=Style.NORMAL, heteronym=True, errors="ignore")):
        options = syllables if index == 0 else syllables[:1]
        expanded = []
        for option in options:
            expanded.append(option)
            if "v" in option:  # ü is typed as v or u (吕 lv / lu)
                expanded.append(option.replace("v", "u"))
        readings.append(list(dict.fromkeys(expanded)))
    return readings


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
