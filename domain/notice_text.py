"""Text helpers shared by the notice reader: spelling folds and whitespace.

Every fold here keeps the length of the text, so a match found in the folded copy
can be cut out of the original by the same offsets and reported as written.
"""

import re
from functools import lru_cache

# Old-style tone placement ("hoà", "Uỷ") and the look-alike Icelandic eth that some
# PDF exports use for "Đ". Both spellings mean the same word; rules are written in
# the new style, so the text is folded to it before matching (same length).
_TONE_FOLD = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_FOLD.update({k.upper(): v.upper() for k, v in list(_TONE_FOLD.items())})
_TONE_FOLD.update(
    {
        k[0].upper() + k[1]: v[0].upper() + v[1]
        for k, v in list(_TONE_FOLD.items())
        if k.islower()
    }
)
# Only at the end of a syllable ("hoà", "Uỷ"): in "hoàn" the mark sits the same in both
# styles, and in "quý" the "u" belongs to the consonant "qu".
_TONE_RE = re.compile(
    "(?<![qQ])(?:"
    + "|".join(sorted(map(re.escape, _TONE_FOLD), key=len, reverse=True))
    + r")(?!\w)"
)
_ETH = str.maketrans({"Ð": "Đ", "ð": "đ", "\u00a0": " ", "\ufeff": " ", "\t": " "})
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """The text in one spelling, for matching only; same length as ``text``.

    Args:
        text: any text, already NFC-normalised.

    Returns:
        The text with old-style tone marks moved to the new style, the look-alike
        eth mapped to "Đ" and non-breaking spaces, BOMs and tabs made plain spaces.
    """
    text = text.translate(_ETH)
    if not _TONE_RE.search(text):
        return text
    return _TONE_RE.sub(lambda m: _TONE_FOLD[m.group()], text)


def collapse(text: str) -> str:
    """Whitespace runs (line breaks included) as single spaces, ends trimmed.

    Args:
        text: any text.

    Returns:
        The text on one line.
    """
    return _SPACES.sub(" ", text).strip()


def digits(text: str) -> int:
    """An integer read from digits in which OCR may have put a letter O for 0.

    Args:
        text: digits, possibly with "O" or "o" standing for zero ("2O23").

    Returns:
        The number.
    """
    return int(text.upper().replace("O", "0"))
