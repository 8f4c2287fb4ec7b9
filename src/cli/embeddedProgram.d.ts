/** A program bundled by esbuild.js (plugin embedded-program) and embedded as source text. */
declare module "embedded-program:*" {
  /** The bundle's JavaScript. */
  export const source: string;
  /** A hash of `source`: names its code cache, so a cache is only offered to the build that made it. */
  export const sourceHash: string;
}
