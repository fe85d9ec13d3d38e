"""A General Assembly agenda item, from proposal to conclusion."""

import enum

NAME = "agenda_item"
VERSION = 1


class AgendaItemState(enum.Enum):
    PROPOSED = "PROPOSED"
    INSCRIBED = "INSCRIBED"
    ALLOCATED = "ALLOCATED"
    DEFERRED = "DEFERRED"
    CONCLUDED = "CONCLUDED"
    WITHDRAWN = "WITHDRAWN"


INITIAL = AgendaItemState.PROPOSED
