"""docs/workflows.md, generated from the definitions (a test catches drift)."""

from __future__ import annotations

from gp_api.workflow.deviations import importable_guards
from gp_api.workflow.subjects import SUBJECTS

# What an import's guards see as of its date, where the facts are dated.
DATED = {
    "CoordinationBody": "the memberships begun by then and not ended, the meetings held by then"
}


def markdown() -> str:
    out = [
        "# Workflows",
        "",
        "Generated from `workflows/` by `gp-api workflows docs -o docs/workflows.md`; do not edit.",
        "Every move goes through `advanceWorkflow(input: {subjectId, trigger, reason,",
        "expectedVersion, idempotencyKey})`; `availableTransitions` on each subject says which",
        "moves are open now and what blocks the others. Milestone states are drawn bold.",
        "",
        "History enters through `importWorkflowState(input: {subjectId, toState, on, sourceUrl,",
        "reason, expectedVersion, idempotencyKey})` (ADMIN; trigger `import`, recorded as the",
        "caller, dated `on`). The target must be reachable from the subject's state by the",
        "transitions below (the shortest path; stages may be skipped). The guards of every",
        "transition on the path are evaluated against the facts as of that date where the facts",
        "are dated (a coordination body's memberships and meetings), else as they are today;",
        "each guard that fails and each stage skipped is stored as a deviation on the move, and",
        "shown in `history`, `availableTransitions` and the plan. An import is never refused",
        "for a failing guard: reality is recorded as it was, and never hidden. A move that",
        "carries data (an allocation, a vote) is imported without it: its guards read what the",
        "record already holds (an allocation recorded, a draft's actions); checks of the data",
        "itself pass.",
    ]
    for subject_type, subject in SUBJECTS.items():
        d = subject.definition
        out += [
            "",
            f"## {subject_type} (`{d.name}`, version {d.version})",
            "",
            d.description,
            "",
            "```mermaid",
            d.mermaid(),
            "```",
            "",
            "| trigger | from | to | guards | reason |",
            "|---|---|---|---|---|",
        ]
        for t in d.transitions:
            to = t.dest.value if t.dest else " or ".join(s.value for s in t.returns_to)
            guards = "<br>".join(f"`{g}`: {d.guards[g].description}" for g in t.guards) or "-"
            out.append(
                f"| `{t.trigger}` | {', '.join(s.value for s in t.sources)} | {to} | {guards} "
                f"| {'required' if t.reason_required else 'optional'} |"
            )
        out += [
            "",
            "Milestones: " + ", ".join(s.value for s in d.states if s in d.milestones) + ".",
            "",
            "Guards an import records as deviations when they fail: "
            + (", ".join(f"`{g}`" for g in importable_guards(d)) or "none")
            + (
                f" (as of the import's date: {DATED[subject_type]})."
                if subject.load_as_of is not None
                else " (against the facts as they are today: this workflow's facts are not dated)."
            ),
        ]
    return "\n".join(out) + "\n"
