"""Relay global IDs for the GraphQL layer (the encoding lives in gp_api.global_ids)."""

from gp_api.global_ids import decode, decode_as, encode

__all__ = ["decode", "decode_as", "encode"]
