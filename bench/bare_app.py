"""A bare Starlette endpoint answering `{ __typename }`: the framework's floor, for comparison."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def graphql(_request: Request) -> JSONResponse:
    return JSONResponse({"data": {"__typename": "Query"}})


app = Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])
