/**
 * Version 1 files are simulated exactly as before version 2 existed (SPEC 8): the CLI's
 * JSON of each version 1 example, without the two fields SPEC 8.1 adds to every venue
 * (writtenOffUsd 0, details {}), hashes to what the build before version 2 printed, with one
 * deliberate exception: since round sums became exact (engine/exactSum.ts, so that the
 * order positions are visited in cannot move a bit), the pins are that build's. The change
 * moved numbers by rounding only, at most 1e-14 relative, compared on every example then.
 * Any other change that moves any number of a version 1 file, by one bit, fails here.
 */
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as path from "node:path";
import { describe, it } from "node:test";
import { run } from "../../src/cli/main";

const EXAMPLES = path.resolve(__dirname, "../../../media/examples");

/** sha256 of the output's JSON, re-serialised, without its "file" (a path) and the version 2 venue fields. */
const BEFORE_VERSION_2: Record<string, string> = {
  "lending-pool sim": "8186bd54c7838afba3c065f5fcdac7c153532eb0091e880841791fd5ffff3b14",
  "lending-pool curve": "feb08d05957dd55ea7c8efd843839ee259f8ad3641296786add2d37c4d3b15b5",
  "two-venues sim": "476bd9dad2e431c7c06066e720f1aaf850a17f44e92ad66901530deacc9dc393",
  "two-venues curve": "305eac2ae5cd87af845f65d53ef857d4a6d89b376572867290752a9f56574a93",
  "two-venues-stress sim": "9dec569e8fd603659d63de22f72315e5ff7af3590a11d5405fa8bfbe6a498c0d",
  "two-venues-stress curve": "54d98d071cda63bc88ea855a070246da867738466117aabfe3a4515d7590b2f4",
  "perps-venue sim": "0d31be53623d0ba888b1d8c5ae727555cce6749c60904d137b86780df4a2f225",
  "perps-venue curve": "0aaa497f0461aa278298b0b3e9031605a8bbe8d3e173ba8207d53feb2e36321c",
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
