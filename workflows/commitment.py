"""An actor's commitment under one determinant."""

import enum

NAME = "commitment"
VERSION = 1


class CommitmentState(enum.Enum):
    PLEDGED = "PLEDGED"
    IN_PROGRESS = "IN_PROGRESS"
    SUSPENDED = "SUSPENDED"
    DELIVERED = "DELIVERED"
    LAPSED = "LAPSED"
    WITHDRAWN = "WITHDRAWN"


INITIAL = CommitmentState.PLEDGED
