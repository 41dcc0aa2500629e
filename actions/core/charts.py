"""Chinese text in the bot's chart images: Noto Sans CJK (SIL Open Font License) from the
`noto-cjk-sans-otc` package, registered with matplotlib once per process."""

from __future__ import annotations

from functools import cache


@cache
def cjk_font() -> str:
    """The family name of the registered CJK font, for matplotlib's `fontfamily=`."""
    from matplotlib import font_manager
    from noto_cjk_sans_otc import FONT_PATH

    path = str(FONT_PATH)
    font_manager.fontManager.addfont(path)
    return str(font_manager.FontProperties(fname=path).get_name())
