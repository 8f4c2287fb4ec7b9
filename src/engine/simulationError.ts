/** A simulation that cannot go on, with the file location of the parameter that caused it. */
export class SimulationError extends Error {
  constructor(
    message: string,
    /** JSON path of the offending parameter in the risk file. */
    readonly path: (string | number)[],
  ) {
    super(message);
    this.name = "SimulationError";
  }
}
