/** CL004 for inline books (CSV books are checked while they are read, at their lines). */
import type { Problem } from "../model/problem";
import type { RuleContext } from "./ruleContext";
import { problemAt } from "./ruleContext";

const CL004 = { code: "CL004", severity: "error" as const };

export function duplicatePositionIdProblems(context: RuleContext): Problem[] {
  const problems: Problem[] = [];
  context.file.venues.forEach((venue, v) => {
    if (!Array.isArray(venue.positions)) return;
    const first = new Map<string, number>();
    venue.positions.forEach((position, p) => {
      const earlier = first.get(position.id);
      if (earlier === undefined) first.set(position.id, p);
      else
        problems.push(
          problemAt(
            CL004,
            context,
            ["venues", v, "positions", p, "id"],
            `Duplicate position id "${position.id}" in venue "${venue.name}" (also positions[${earlier}]); ids must be unique within a venue.`,
          ),
        );
    });
  });
  return problems;
}
