"""WeCom's callback crypto (加解密方案, document 90968): verify, then decrypt.

The AES key is base64decode(EncodingAESKey + "="); AES-256-CBC with IV = key[:16]; the
plaintext is 16 random bytes, the message length (4 bytes, big-endian), the message and the
receive id (the corp id), padded PKCS#7 to a multiple of 32. msg_signature is the SHA1 hex of
token, timestamp, nonce and the ciphertext, sorted and joined. The signature is compared in
constant time and the padding is checked (wechatpy does neither; see docs/wecom-notes.md).

    CallbackRefused
     ├── BadSignature ...... msg_signature does not match (not from WeCom, or another token)
     ├── WrongCorp ......... decrypted, but addressed to another corp id
     └── (itself) .......... not base64, bad padding, no <Encrypt>, not XML
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32


class CallbackRefused(Exception):
    """A callback that is not a valid, signed message for this corp."""


class BadSignature(CallbackRefused):
    """msg_signature does not match."""


class WrongCorp(CallbackRefused):
    """The plaintext is addressed to another receive id."""


@dataclass(frozen=True)
class CallbackCrypto:
    """The app's callback Token, EncodingAESKey and the corp id it receives for."""

    token: str
    aes_key: str
    corp_id: str

    def signature(self, timestamp: str, nonce: str, encrypt: str) -> str:
        """msg_signature of a ciphertext."""
        joined = "".join(sorted([self.token, timestamp, nonce, encrypt]))
        return hashlib.sha1(joined.encode()).hexdigest()

    def verify(self, msg_signature: str, timestamp: str, nonce: str, encrypt: str) -> None:
        """Raise BadSignature unless the signature matches."""
        expected = self.signature(timestamp, nonce, encrypt)
        if not hmac.compare_digest(expected.encode(), msg_signature.encode()):
            raise BadSignature("msg_signature does not match")

    def echo(self, msg_signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """URL verification: the plain echostr to answer."""
        self.verify(msg_signature, timestamp, nonce, echostr)
        return self.decrypt(echostr)

    def open(self, body: bytes, msg_signature: str, timestamp: str, nonce: str) -> str:
        """The plaintext XML of a callback POST body (the <xml><Encrypt/>... envelope)."""
        encrypt = xml_field(body, "Encrypt")
        self.verify(msg_signature, timestamp, nonce, encrypt)
        return self.decrypt(encrypt)

    def decrypt(self, encrypt: str) -> str:
        """Decrypt a ciphertext and check that it names this corp."""
        plain = self._unpad(self._aes(encrypt))
        if len(plain) < 20:
            raise CallbackRefused("plaintext too short")
        (length,) = struct.unpack(">I", plain[16:20])
        message, receiver = plain[20:20 + length], plain[20 + length:]
        if not hmac.compare_digest(receiver, self.corp_id.encode()):
            raise WrongCorp("the callback is for another corp id")
        return message.decode()

    def _cipher(self) -> Cipher[modes.CBC]:
        key = base64.b64decode(self.aes_key + "=")
        return Cipher(algorithms.AES(key), modes.CBC(key[:16]))

    def _aes(self, encrypt: str) -> bytes:
        try:
            raw = base64.b64decode(encrypt, validate=True)
        except ValueError as exc:
            raise CallbackRefused("the ciphertext is not base64") from exc
        if not raw or len(raw) % 16:
            raise CallbackRefused("the ciphertext is not whole AES blocks")
        decryptor = self._cipher().decryptor()
        return decryptor.update(raw) + decryptor.finalize()

    @staticmethod
    def _unpad(data: bytes) -> bytes:
        amount = data[-1]
        if not 1 <= amount <= BLOCK or data[-amount:] != bytes([amount]) * amount:
            raise CallbackRefused("bad padding")
        return data[:-amount]


def xml_field(body: bytes | str, name: str) -> str:
    """One child's text of a flat WeCom XML document ("" when absent)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise CallbackRefused("the body is not XML") from exc
    node = root.find(name)
    if node is None or node.text is None:
        if name == "Encrypt":
            raise CallbackRefused("no <Encrypt> in the envelope")
        return ""
    return node.text


def xml_fields(body: str) -> dict[str, str]:
    """All children of a flat WeCom XML document, by tag."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise CallbackRefused("the plaintext is not XML") from exc
    return {child.tag: child.text or "" for child in root}
