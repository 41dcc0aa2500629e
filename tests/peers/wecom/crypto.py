"""The WeCom callback crypto (Tencent's WXBizMsgCrypt scheme), written from the published spec.

AESKey = base64decode(EncodingAESKey + "="), AES-256-CBC with IV = AESKey[:16]; the plaintext is
16 random bytes + the message length (4 bytes, big-endian) + the message + the receive id (the
corp id for an app's callbacks), padded PKCS#7 to a multiple of 32 bytes. msg_signature is the
SHA1 hex digest of the sorted concatenation of token, timestamp, nonce and the ciphertext.

The peer encrypts what it delivers with this module, and a test's receiver decrypts with it; it
is independent of wechatpy on purpose, so the two can be checked against each other.

Exceptions:
    CryptoError
     +-- SignatureError      msg_signature does not match
     +-- ReceiveIdError      the plaintext names another corp id
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32  # WeCom pads to 32 bytes, not AES's 16


class CryptoError(Exception):
    """A callback cannot be decrypted or its envelope is malformed."""


class SignatureError(CryptoError):
    """The msg_signature does not match token, timestamp, nonce and ciphertext."""


class ReceiveIdError(CryptoError):
    """The decrypted plaintext is addressed to another receive id (corp id)."""


def signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    """The msg_signature: SHA1 hex of the four strings sorted and joined."""
    joined = "".join(sorted([token, timestamp, nonce, encrypt]))
    return hashlib.sha1(joined.encode()).hexdigest()


def pad(data: bytes) -> bytes:
    """PKCS#7 padding to a multiple of 32 bytes (a full block when already aligned)."""
    amount = BLOCK - len(data) % BLOCK
    return data + bytes([amount]) * amount


def unpad(data: bytes) -> bytes:
    """Strip PKCS#7 padding; amounts outside 1..32 are an error."""
    amount = data[-1] if data else 0
    if not 1 <= amount <= BLOCK or len(data) < amount:
        raise CryptoError("bad padding")
    return data[:-amount]


@dataclass(frozen=True)
class WeComCrypto:
    """Token, EncodingAESKey and receive id of one WeCom app's callback settings."""

    token: str
    encoding_aes_key: str
    receive_id: str

    def __post_init__(self) -> None:
        if len(self.encoding_aes_key) != 43:
            raise CryptoError("EncodingAESKey must be 43 characters")

    @property
    def key(self) -> bytes:
        """The 32-byte AES key."""
        return base64.b64decode(self.encoding_aes_key + "=")

    def _cipher(self) -> Cipher[modes.CBC]:
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16]))

    def encrypt(self, msg: str, *, random: bytes | None = None) -> str:
        """Encrypt msg for this receive id; base64 text. `random` fixes the 16-byte prefix."""
        prefix = os.urandom(16) if random is None else random
        body = msg.encode()
        plain = prefix + struct.pack(">I", len(body)) + body + self.receive_id.encode()
        encryptor = self._cipher().encryptor()
        raw = encryptor.update(pad(plain)) + encryptor.finalize()
        return base64.b64encode(raw).decode()

    def decrypt_raw(self, encrypt: str) -> bytes:
        """The unpadded plaintext (random prefix, length, message, receive id)."""
        try:
            raw = base64.b64decode(encrypt, validate=True)
        except ValueError as exc:
            raise CryptoError("ciphertext is not base64") from exc
        if not raw or len(raw) % 16:
            raise CryptoError("ciphertext length is not a multiple of the AES block")
        decryptor = self._cipher().decryptor()
        return unpad(decryptor.update(raw) + decryptor.finalize())

    def decrypt(self, encrypt: str) -> str:
        """Decrypt and check that the plaintext is addressed to this receive id."""
        plain = self.decrypt_raw(encrypt)
        if len(plain) < 20:
            raise CryptoError("plaintext too short")
        (length,) = struct.unpack(">I", plain[16:20])
        msg, receive_id = plain[20 : 20 + length], plain[20 + length :]
        if receive_id.decode(errors="replace") != self.receive_id:
            raise ReceiveIdError(f"receive id {receive_id!r} is not {self.receive_id!r}")
        return msg.decode()

    def sign(self, timestamp: str, nonce: str, encrypt: str) -> str:
        """msg_signature for this token."""
        return signature(self.token, timestamp, nonce, encrypt)

    def verify(self, msg_signature: str, timestamp: str, nonce: str, encrypt: str) -> None:
        """Raise SignatureError unless msg_signature matches."""
        expected = self.sign(timestamp, nonce, encrypt)
        if not hmac.compare_digest(expected, msg_signature):
            raise SignatureError("msg_signature does not match")

    def verify_url(self, msg_signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """What a receiver answers to URL verification: the decrypted echostr."""
        self.verify(msg_signature, timestamp, nonce, echostr)
        return self.decrypt(echostr)

    def decrypt_message(self, body: str | bytes, msg_signature: str, timestamp: str,
                        nonce: str) -> str:
        """Verify and decrypt a callback POST body (the <xml><Encrypt/>... envelope)."""
        encrypt = envelope_field(body, "Encrypt")
        self.verify(msg_signature, timestamp, nonce, encrypt)
        return self.decrypt(encrypt)

    def encrypt_message(self, msg: str, *, timestamp: str, nonce: str,
                        random: bytes | None = None) -> str:
        """A passive reply envelope: <xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>."""
        encrypt = self.encrypt(msg, random=random)
        return reply_envelope(encrypt, self.sign(timestamp, nonce, encrypt), timestamp, nonce)


def new_nonce() -> str:
    """A random numeric nonce like the ones WeCom sends."""
    return str(secrets.randbelow(9 * 10**9) + 10**9)


def envelope_field(body: str | bytes, name: str) -> str:
    """One child's text from a callback XML body."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise CryptoError("body is not XML") from exc
    node = root.find(name)
    if node is None or node.text is None:
        raise CryptoError(f"no <{name}> in the envelope")
    return node.text


def callback_envelope(to_user: str, encrypt: str, agent_id: str) -> str:
    """What WeCom POSTs to an app's callback URL."""
    return (f"<xml><ToUserName><![CDATA[{to_user}]]></ToUserName>"
            f"<Encrypt><![CDATA[{encrypt}]]></Encrypt>"
            f"<AgentID><![CDATA[{agent_id}]]></AgentID></xml>")


def reply_envelope(encrypt: str, msg_signature: str, timestamp: str, nonce: str) -> str:
    """What a receiver answers with to reply passively (encrypted)."""
    return (f"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt>"
            f"<MsgSignature><![CDATA[{msg_signature}]]></MsgSignature>"
            f"<TimeStamp>{timestamp}</TimeStamp>"
            f"<Nonce><![CDATA[{nonce}]]></Nonce></xml>")
