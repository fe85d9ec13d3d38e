"""docs/workflows.md, generated from the definitions (a test catches drift)."""

from __future__ import annotations

from gp_api.workflow.subjects import SUBJECTS


def markdown() -> str:
    out = [
        "# Workflows",
        "",
        "Generated from `workflows/` by `gp-api workflows docs -o docs/workflows.md`; do not edit.",
        "Every move goes through `advanceWorkflow(input: {subjectId, trigger, reason,",
        "expectedVersion, idempotencyKey})`; `availableTransitions` on each subject says which",
        "moves are open now and what blocks the others. Milestone states are drawn bold.",
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
        ]
    return "\n".join(out) + "\n"
