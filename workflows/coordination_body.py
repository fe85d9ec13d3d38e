"""The coordination body's path: core group -> task force -> interagency working group."""

import enum

NAME = "coordination_body"
VERSION = 1


class BodyState(enum.Enum):
    PROPOSED = "PROPOSED"
    CORE_GROUP = "CORE_GROUP"
    TASK_FORCE = "TASK_FORCE"
    INTERAGENCY_WORKING_GROUP = "INTERAGENCY_WORKING_GROUP"
    SUSPENDED = "SUSPENDED"
    DISSOLVED = "DISSOLVED"


INITIAL = BodyState.PROPOSED
