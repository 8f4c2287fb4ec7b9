/** A located problem: what the validator, the simulator and both front ends exchange. */
export type Severity = "error" | "warning" | "information";

export interface TextPosition {
  /** 0-based, as in VS Code. */
  line: number;
  /** 0-based UTF-16 offset in the line, as in VS Code. */
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

/** A minimal edit that fixes a problem: replace the text at `range` (a number, a name). */
export interface TextFix {
  title: string;
  range: TextRange;
  newText: string;
  /** The one right answer, offered first (and by "fix all"). */
  preferred?: boolean;
}

export interface Problem {
  code: string;
  severity: Severity;
  message: string;
  range: TextRange;
  /** The file the range is in when it is not the risk file itself (a CSV book), as given in the risk file. */
  file?: string;
  /** Quick fixes, where the rule has a right answer. */
  fixes?: TextFix[];
}
