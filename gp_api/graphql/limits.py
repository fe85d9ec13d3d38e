"""The size limits on a document (tokens, depth, aliases), whose errors carry
`extensions.code` QUERY_TOO_COMPLEX so that clients can tell them from a mistake in the query.

The limits themselves are strawberry's and graphql-core's; this module only builds them once and
gives their errors a code.
"""

from __future__ import annotations

from graphql import (
    ASTValidationRule,
    GraphQLError,
    GraphQLSyntaxError,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

from gp_api.config import Settings

QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
# graphql-core ends every error of its parser limits (tokens, comments, nesting, source length)
# with this sentence, and no other syntax error.
PARSER_LIMIT_SUFFIX = "Parsing aborted."


def _mark(error: GraphQLError) -> None:
    error.extensions = {**(error.extensions or {}), "code": QUERY_TOO_COMPLEX}


def _coded(rule: type[ASTValidationRule]) -> type[ASTValidationRule]:
    """`rule`, reporting its errors with the QUERY_TOO_COMPLEX code.

    strawberry's limit rules do all their work in __init__, reporting to the context they are
    given: they get one that marks each error and hands it on."""

    class CodedLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)

            def report(error: GraphQLError) -> None:
                _mark(error)
                context.report_error(error)

            rule(ValidationContext(context.schema, context.document, context._type_info, report))

    CodedLimit.__name__ = f"Coded{rule.__name__}"
    return CodedLimit


def mark_parser_limits(errors: list[GraphQLError]) -> None:
    """Replace, in place, graphql-core's parser limit errors (tokens, comments, nesting) with
    request errors that carry the code.

    Called from Schema.process_errors, which every request error reaches, on every transport.
    They stop being syntax errors: over WebSocket a syntax error closes the socket (4400), and a
    client that reconnects would send the same document again; a limit is an `error` message."""
    for i, error in enumerate(errors):
        if isinstance(error, GraphQLSyntaxError) and error.message.endswith(PARSER_LIMIT_SUFFIX):
            errors[i] = GraphQLError(
                error.message,
                source=error.source,
                positions=error.positions,
                extensions={"code": QUERY_TOO_COMPLEX},
            )


def validation_limits(settings: Settings) -> list[type[ASTValidationRule]]:
    """The depth and alias rules. Build them once per schema: strawberry's ValidationCache keys
    on the rule classes, and rules built per request would be new classes each time."""
    rules = [
        *QueryDepthLimiter(max_depth=settings.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    return [_coded(rule) for rule in rules]
