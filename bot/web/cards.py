"""QR invite cards as a PDF: A4 pages of eight cards (name, role, a QR code of the deep link
that binds the messenger account), drawn with Pillow in the packaged CJK font."""

from __future__ import annotations

import io

import qrcode
from noto_cjk_sans_otc import FONT_PATH
from PIL import Image, ImageDraw, ImageFont

A4 = (1240, 1754)  # 150 dpi
COLUMNS, ROWS = 2, 4
SC_FACE = 2  # the Simplified Chinese face of the Noto Sans CJK collection


def _font(size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(str(FONT_PATH), size, index=SC_FACE)
    except OSError:
        return ImageFont.truetype(str(FONT_PATH), size)


def invite_cards_pdf(title: str, cards: list[tuple[str, str, str | None]]) -> bytes:
    """The cards of (name, role, link or None when already bound) as a PDF."""
    big, small = _font(40), _font(26)
    width, height = A4[0] // COLUMNS, (A4[1] - 80) // ROWS
    pages: list[Image.Image] = []
    for start in range(0, max(len(cards), 1), COLUMNS * ROWS):
        page = Image.new("RGB", A4, "white")
        draw = ImageDraw.Draw(page)
        draw.text((40, 20), title, font=small, fill="black")
        for n, (name, role, link) in enumerate(cards[start:start + COLUMNS * ROWS]):
            x, y = (n % COLUMNS) * width, 80 + (n // COLUMNS) * height
            draw.rectangle((x + 10, y + 10, x + width - 10, y + height - 10), outline="gray")
            draw.text((x + 30, y + 30), name, font=big, fill="black")
            draw.text((x + 30, y + 90), role, font=small, fill="black")
            if link is None:
                draw.text((x + 30, y + 140), "已绑定，不用扫码", font=small, fill="gray")
                continue
            draw.text((x + 30, y + 140), "用手机扫码，", font=small, fill="black")
            draw.text((x + 30, y + 175), "打开邻里小助手", font=small, fill="black")
            code = qrcode.make(link, box_size=6, border=2).get_image().convert("RGB")
            code = code.resize((300, 300))
            page.paste(code, (x + width - 320, y + 60))
        pages.append(page)
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=150)
    return out.getvalue()
