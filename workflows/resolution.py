"""A draft resolution, from drafting to adoption."""

import enum

NAME = "resolution"
VERSION = 1


class ResolutionState(enum.Enum):
    DRAFTING = "DRAFTING"
    INFORMAL_CONSULTATIONS = "INFORMAL_CONSULTATIONS"
    TABLED = "TABLED"
    ADOPTED_IN_COMMITTEE = "ADOPTED_IN_COMMITTEE"
    ADOPTED = "ADOPTED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


INITIAL = ResolutionState.DRAFTING
