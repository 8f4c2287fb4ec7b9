/**
 * The order in which a file lists the keys of an object. A JavaScript object keeps
 * insertion order except for names that look like array indices ("7"), which it always
 * lists first; where the SPEC reads file order (the first shocked asset), the document's
 * syntax tree says what the file meant.
 */
import { isArrayIndexName } from "../model/names";
import type { JsonDocument, JsonPath } from "./jsonDocument";

export function keysInFileOrder(doc: JsonDocument, path: JsonPath, record: object): string[] {
  const keys = Object.keys(record);
  if (!keys.some(isArrayIndexName)) return keys;
  const node = doc.nodeAt(path);
  if (node?.type !== "object" || !node.children) return keys;
  const present = new Set(keys);
  const ordered = node.children
    .map((property) => property.children?.[0]?.value as string)
    .filter((key) => present.has(key));
  return ordered.length === keys.length ? ordered : keys;
}
