"""How a directive is named in running text: as the notice numbers it, never by an id.

The reader gives unnumbered items (dash paragraphs) internal references such as
``"-6"`` or ``"2.-3"``, which mean nothing to a reader; mails, pages and the reader's
own warnings name such an item by its position in words or by its first words.
"""

import re

_PUBLIC_SEGMENT = re.compile(r"(\d+|[IVXLCDM]+|[a-zđ])\Z")
_VI_ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
_EN_ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)
_FIRST_WORDS = 8


def is_public_ref(ref: str) -> bool:
    """Whether ``ref`` is a number the notice itself prints ("2", "II.3", "2.b").

    Args:
        ref: a directive's reference as the reader gives it.

    Returns:
        False for the reader's own references of unnumbered items ("-6", "2.-3").
    """
    segments = ref.split(".") if ref else []
    return bool(segments) and all(_PUBLIC_SEGMENT.match(s) for s in segments)


def item_name(ref: str, text: str, lang: str, *, capital: bool = False) -> str:
    """Name a directive in running text as the notice numbers it, never by an id.

    A numbered item is "mục 2.b" ("item 2.b"). An unnumbered item is named by its
    position in words under its numbered parent ("ý thứ ba của mục 2"), or else by
    its first words ("nội dung “Tăng cường công tác tuyên truyền…”").

    Args:
        ref: the directive's reference as stored.
        text: the directive's text.
        lang: ``"vi"``; any other value gives English.
        capital: start with a capital letter (at the start of a sentence).

    Returns:
        The name, e.g. ``"mục 4"``, ``"the third point of item 2"``.
    """
    vi = lang == "vi"
    if is_public_ref(ref):
        name = f"mục {ref}" if vi else f"item {ref}"
    else:
        *parent, last = ref.split(".") if ref else [""]
        ordinals = _VI_ORDINALS if vi else _EN_ORDINALS
        position = int(last[1:]) if last[1:].isdigit() and last[0] == "-" else 0
        if (
            parent
            and all(_PUBLIC_SEGMENT.match(s) for s in parent)
            and 1 <= position <= len(ordinals)
        ):
            word = ordinals[position - 1]
            number = ".".join(parent)
            name = (
                f"ý thứ {word} của mục {number}"
                if vi
                else f"the {word} point of item {number}"
            )
        else:
            words = " ".join(text.split()).lstrip("-+•*– ").split()
            quoted = " ".join(words[:_FIRST_WORDS])
            if len(words) > _FIRST_WORDS:
                quoted += "…"
            name = f"nội dung “{quoted}”" if vi else f"the item “{quoted}”"
    return name[:1].upper() + name[1:] if capital else name
