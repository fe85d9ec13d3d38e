"""Exit 0 when the PostgreSQL of GP_TEST_POSTGRES_URL answers, 1 otherwise."""

import asyncio
import os
import sys

import asyncpg

URL = os.environ.get("GP_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


async def main() -> int:
    try:
        conn = await asyncpg.connect(URL, timeout=5)
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return 1
    await conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
