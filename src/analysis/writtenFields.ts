/**
 * Fields read from a file as written, before (or without) a full validation: a large CSV
 * book may still be loading for the editor while its scenarios already have outcomes.
 * Typed reads of an unknown value, in one place, instead of casts where they are used.
 */
import { writtenAt } from "../model/names";
import type { JsonDocument } from "../parse/jsonDocument";

const field = (value: unknown, key: string): unknown => writtenAt(value, [key]);

/** Each scenario's name as written, by index (undefined where an entry has no string name). */
export function writtenScenarioNames(doc: JsonDocument): (string | undefined)[] {
  const scenarios = field(doc.value, "scenarios");
  if (!Array.isArray(scenarios)) return [];
  return scenarios.map((scenario) => {
    const name = field(scenario, "name");
    return typeof name === "string" ? name : undefined;
  });
}

/** `thresholds.warnAmplification` as written, when it is a number. */
export function writtenWarnAmplification(doc: JsonDocument): number | undefined {
  const value = field(field(doc.value, "thresholds"), "warnAmplification");
  return typeof value === "number" ? value : undefined;
}
