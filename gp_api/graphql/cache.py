"""Moved to gp_api.fastpath; kept only for gp_api.graphql.compiled's import of
`parse_document` (delete once it imports from gp_api.fastpath)."""

from gp_api.fastpath.documents import parse_document

__all__ = ["parse_document"]
