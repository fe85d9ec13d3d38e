"""Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>" with the endpoint's secret.

Receivers recompute it, compare in constant time, and refuse timestamps older than a few
minutes (replays). docs/integrators.md shows how.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "X-GP-Signature"
TIMESTAMP_HEADER = "X-GP-Timestamp"
DELIVERY_HEADER = "X-GP-Delivery"
EVENT_HEADER = "X-GP-Event"


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"v1={mac.hexdigest()}"


def verify(secret: str, timestamp: int, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)
