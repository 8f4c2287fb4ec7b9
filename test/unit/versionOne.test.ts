/**
 * Version 1 files are simulated exactly as before version 2 existed (SPEC 8): the CLI's
 * JSON of each version 1 example, without the two fields SPEC 8.1 adds to every venue
 * (writtenOffUsd 0, details {}), hashes to what the build before version 2 printed.
 * A change that moves any number of a version 1 file, by one bit, fails here.
 */
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as path from "node:path";
import { describe, it } from "node:test";
import { run } from "../../src/cli/main";

const EXAMPLES = path.resolve(__dirname, "../../../media/examples");

/** sha256 of the output's JSON, re-serialised, without its "file" (a path) and the version 2 venue fields. */
const BEFORE_VERSION_2: Record<string, string> = {
  "lending-pool sim": "f1d9b6b0b28fedc001963f639de110bbcd40269c90828c95c40b7ef774530387",
  "lending-pool curve": "f3cfc9cfa72809af900e86990a2a9f075114d5574a005eca50dd2396f3dfe61e",
  "two-venues sim": "37f93a3755bc5fbd4a96149b4785873905db5555225a02b2302eb0e0adcbd584",
  "two-venues curve": "ec60f2d9cface1e8c260c66cbc3019993e2fa2009955ceb07b08b3fec72f1ddd",
  "two-venues-stress sim": "a8231e6948c212dabf2355bd851fda2c79142bf8173266b37d49ebee5c12f4d7",
  "two-venues-stress curve": "a22600c9e07bd34a46e8399453793d845a6776647d40456c17cfe10266269131",
  "perps-venue sim": "0d31be53623d0ba888b1d8c5ae727555cce6749c60904d137b86780df4a2f225",
  "perps-venue curve": "d2679cfd34dc35fd56e1b4fc4c3ce7a70bfea63412d8de18b1e942fd097266da",
};

function cliJson(command: string, file: string): Record<string, unknown> {
  let out = "";
  const code = run([command, file, "--format", "json"], { out: (text) => (out += text), err: () => undefined });
  assert.equal(code, 0);
  return JSON.parse(out) as Record<string, unknown>;
}

describe("version 1 files after version 2", () => {
  for (const key of Object.keys(BEFORE_VERSION_2)) {
    it(`${key}: the same numbers, bit for bit; every venue gains writtenOffUsd 0 and details {}`, () => {
      const [name, command] = key.split(" ");
      const json = cliJson(command === "sim" ? "simulate" : "curve", path.join(EXAMPLES, `${name}.risk.json`));
      delete json.file;
      for (const scenario of (json.scenarios ?? []) as { venues: Record<string, unknown>[] }[]) {
        for (const venue of scenario.venues) {
          assert.equal(venue.writtenOffUsd, 0);
          assert.deepEqual(venue.details, {});
          delete venue.writtenOffUsd;
          delete venue.details;
        }
      }
      assert.equal(createHash("sha256").update(JSON.stringify(json)).digest("hex"), BEFORE_VERSION_2[key]);
    });
  }
});
