/** What every importer provides: its format's name, and the conversion of a checked source. */
import type { ObjectNode } from "./jsoncWriter";
import type { SourceDocument } from "./sourceDocument";

export interface ImportedRisk {
  name: string;
  root: ObjectNode;
  /** Lines for the header: what was left out and why (skipped reserves, unmodelled limits). */
  notes: string[];
}

export interface Importer {
  format: string;
  /** One line for the format picker. */
  label: string;
  detail: string;
  /** The source's own container (a YAML cassette) unwrapped to its JSON text, when the format has one. */
  unwrap?(text: string, fileName: string): string;
  convert(source: SourceDocument): ImportedRisk;
}
