"""The peer's WXBizMsgCrypt implementation against published vectors, both directions."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.peers.wecom.crypto import (
    CryptoError,
    ReceiveIdError,
    SignatureError,
    WeComCrypto,
    callback_envelope,
    envelope_field,
)

# Tencent's WXBizMsgCrypt sample (the example of 加解密方案说明, developer.work.weixin.qq.com
# document/path/90968 and 91144, shipped in the official Sample.cpp / Sample.cs; reproduced
# verbatim e.g. in the tests of LINGYUN.Abp.WeChat and the docs of the wechat-crypto crate).
TENCENT = WeComCrypto("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
                      "wx5823bf96d3bd56c7")
TENCENT_VERIFY = {
    "msg_signature": "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
    "timestamp": "1409659589",
    "nonce": "263014780",
    "echostr": "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZ"
               "XvnaqQ==",
}
TENCENT_MESSAGE = {
    "msg_signature": "477715d11cdb4164915debcba66cb864d751f3e6",
    "timestamp": "1409659813",
    "nonce": "1372623149",
    "encrypt": (
        "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhG"
        "d3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmP"
        "j48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZx"
        "Z3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4E"
        "hzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn2"
        "8H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="),
}

# Tencent's Python sample (callback/Sample.py of the official weworkapi_python, mirrored at
# github.com/sbzhu/weworkapi_python).
PYSAMPLE = WeComCrypto("hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
                       "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", "ww1436e0e65a779aee")
PYSAMPLE_ECHOSTR = ("fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhn"
                    "Fyq6SVHyA==")
PYSAMPLE_BODY = (
    "<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n"
    "<Encrypt><![CDATA[Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4m"
    "Y7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6"
    "GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJ"
    "IZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HK"
    "Yg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+]]></Encrypt>\n"
    "<AgentID><![CDATA[1000002]]></AgentID>\n</xml>")

# wechatpy's tests/test_crypto.py (wechatpy.work.crypto): an encryption with the random prefix
# fixed to "1234567890123456", so the ciphertext and signature are known exactly.
WECHATPY = WeComCrypto("123456", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
                       "wx49f0ab532d5d035a")
WECHATPY_REPLY = """<xml>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[test]]></Content>
<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>
<ToUserName><![CDATA[messense]]></ToUserName>
<AgentID>1</AgentID>
<CreateTime>1411525903</CreateTime>
</xml>"""
WECHATPY_ENCRYPT = (
    "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGs"
    "L8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZ"
    "SjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05U"
    "PPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3We"
    "K2XeFYFMNMpatF9XiKzHo3")
WECHATPY_SIGNATURE = "407518b7649e86ef23978113f92d27afa9296533"


def test_tencent_url_verification_vector() -> None:
    """The sample's echostr is signed as stated and decrypts for the sample corp id."""
    echo = TENCENT.verify_url(**TENCENT_VERIFY)
    assert echo == "1616140317555161061"


def test_tencent_message_vector_decrypts() -> None:
    """The sample's message is signed as stated and decrypts to the sample's XML."""
    body = callback_envelope("wx5823bf96d3bd56c7", TENCENT_MESSAGE["encrypt"], "218")
    plain = TENCENT.decrypt_message(body, TENCENT_MESSAGE["msg_signature"],
                                    TENCENT_MESSAGE["timestamp"], TENCENT_MESSAGE["nonce"])
    root = ET.fromstring(plain)
    assert root.findtext("Content") == "hello"
    assert root.findtext("FromUserName") == "mycreate"
    assert root.findtext("ToUserName") == "wx5823bf96d3bd56c7"


def test_tencent_message_vector_encrypts_back() -> None:
    """Encrypting the decrypted message with the same random prefix gives the sample bytes."""
    encrypt = TENCENT_MESSAGE["encrypt"]
    random = TENCENT.decrypt_raw(encrypt)[:16]
    assert TENCENT.encrypt(TENCENT.decrypt(encrypt), random=random) == encrypt
    assert TENCENT.sign(TENCENT_MESSAGE["timestamp"], TENCENT_MESSAGE["nonce"],
                        encrypt) == TENCENT_MESSAGE["msg_signature"]


def test_tencent_python_sample_vectors() -> None:
    """The official Python sample's URL check and message decrypt."""
    assert PYSAMPLE.verify_url("012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", "1476416373",
                               "47744683", PYSAMPLE_ECHOSTR) == "1288432023552776189"
    plain = PYSAMPLE.decrypt_message(PYSAMPLE_BODY, "0c3914025cb4b4d68103f6bfc8db550f79dcf48e",
                                     "1476422779", "1597212914")
    assert ET.fromstring(plain).findtext("Content") == "你好"


def test_wechatpy_encrypt_vector() -> None:
    """A passive reply with a fixed random prefix matches wechatpy's expected envelope."""
    reply = WECHATPY.encrypt_message(WECHATPY_REPLY, timestamp="1411525903", nonce="461056294",
                                     random=b"1234567890123456")
    assert envelope_field(reply, "Encrypt") == WECHATPY_ENCRYPT
    assert envelope_field(reply, "MsgSignature") == WECHATPY_SIGNATURE
    assert envelope_field(reply, "TimeStamp") == "1411525903"
    assert envelope_field(reply, "Nonce") == "461056294"


def test_round_trip_with_chinese_text() -> None:
    """Encrypt then decrypt gives the message back, whatever its length."""
    for text in ["", "好", "<xml><Content><![CDATA[三号楼电梯坏了]]></Content></xml>" * 7]:
        assert TENCENT.decrypt(TENCENT.encrypt(text)) == text


def test_wrong_signature_is_detected() -> None:
    """One changed nonce digit fails the signature check."""
    with pytest.raises(SignatureError):
        TENCENT.verify_url(**{**TENCENT_VERIFY, "nonce": "263014781"})


def test_wrong_corp_id_is_rejected() -> None:
    """The same key and token but another corp id: the plaintext is not for us."""
    other = WeComCrypto("QDG6eK", TENCENT.encoding_aes_key, "ww0000000000000000")
    with pytest.raises(ReceiveIdError):
        other.decrypt(TENCENT_MESSAGE["encrypt"])


def test_garbage_is_a_crypto_error() -> None:
    """Not base64, a wrong length, a wrong key: CryptoError, never a crash."""
    wrong_key = WeComCrypto("QDG6eK", "a" * 43, "wx5823bf96d3bd56c7")
    for bad in ["not base64!", "QUJD"]:
        with pytest.raises(CryptoError):
            TENCENT.decrypt(bad)
    with pytest.raises(CryptoError):
        wrong_key.decrypt(TENCENT_MESSAGE["encrypt"])
