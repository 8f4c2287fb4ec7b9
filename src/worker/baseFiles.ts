/**
 * The bases risk files are measured against in the editor: git HEAD (for CL040 when a
 * file sets steward limits) or what Compare chose. Each is validated once per text, its
 * books read relative to where it lives (the working tree for HEAD) through the one store.
 */
import type { BookStore, BooksRead } from "../analysis/bookStore";
import type { Limits } from "../shared/resultProtocol";
import { validateRiskText, type ResolvedRiskFile, type Validation } from "../rules/validate";

export interface BaseFile {
  text: string;
  label: string;
  filePath: string | null;
  /** Run the base beside each simulation and overlay it (Compare); otherwise it serves CL040 only. */
  compare: boolean;
}

export class BaseFiles {
  private readonly bases = new Map<string, BaseFile & { validation?: Validation }>();

  constructor(
    private readonly books: BookStore,
    private readonly log: (line: string) => void,
  ) {}

  set(uri: string, base: BaseFile | null): void {
    this.books.release(`${uri}#base`);
    if (base) this.bases.set(uri, { ...base });
    else this.bases.delete(uri);
  }

  get(uri: string): BaseFile | undefined {
    return this.bases.get(uri);
  }

  forget(uri: string): void {
    this.set(uri, null);
  }

  /** The base resolved, or undefined when there is none or it has errors (said once in the log). */
  resolved(uri: string, limits: Limits): ResolvedRiskFile | undefined {
    const base = this.bases.get(uri);
    if (!base) return undefined;
    if (!base.validation) {
      const read: BooksRead = new Map();
      const reader = this.books.reader(
        { filePath: base.filePath, uri: `${uri}#base` },
        limits.maxBookBytes,
        limits.maxPositions,
        read,
        new Set(),
      );
      base.validation = validateRiskText(base.text, reader, limits);
      const errors = base.validation.problems.filter((p) => p.severity === "error");
      if (errors.length > 0)
        this.log(
          `The base ${base.label} has ${errors.length} error${errors.length === 1 ? "" : "s"} (first, line ${errors[0].range.start.line + 1}: ${errors[0].message}); nothing is compared with it.`,
        );
    }
    const { validation } = base;
    return validation.problems.some((p) => p.severity === "error") ? undefined : validation.resolved;
  }
}
