"""The channel's callback crypto against the peer's own (written independently from the spec
and checked against Tencent's sample vectors)."""

from __future__ import annotations

import pytest

from bot.wecom.crypto import BadSignature, CallbackCrypto, CallbackRefused, WrongCorp
from tests.peers.wecom.crypto import WeComCrypto, callback_envelope

KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"  # Tencent's sample EncodingAESKey
CORP = "wx5823bf96d3bd56c7"


def test_the_channel_decrypts_what_the_peer_encrypts() -> None:
    peer = WeComCrypto("QDG6eK", KEY, CORP)
    ours = CallbackCrypto("QDG6eK", KEY, CORP)
    encrypt = peer.encrypt("<xml><Content><![CDATA[三号楼电梯坏了]]></Content></xml>")
    body = callback_envelope(CORP, encrypt, "1000002").encode()
    sign = peer.sign("1409659813", "263014780", encrypt)
    assert "三号楼电梯坏了" in ours.open(body, sign, "1409659813", "263014780")


def test_a_wrong_signature_or_corp_is_refused() -> None:
    peer = WeComCrypto("QDG6eK", KEY, CORP)
    encrypt = peer.encrypt("<xml/>")
    body = callback_envelope(CORP, encrypt, "1").encode()
    with pytest.raises(BadSignature):
        CallbackCrypto("QDG6eK", KEY, CORP).open(body, "0" * 40, "1", "2")
    with pytest.raises(WrongCorp):
        CallbackCrypto("QDG6eK", KEY, "wwOtherCorp").open(body, peer.sign("1", "2", encrypt),
                                                          "1", "2")
    with pytest.raises(CallbackRefused):
        CallbackCrypto("QDG6eK", KEY, CORP).open(b"not xml", "x", "1", "2")
