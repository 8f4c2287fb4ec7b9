import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { radixArgsort } from "../../src/engine/radixArgsort";

describe("radixArgsort", () => {
  it("orders non-negative doubles as a comparator sort does, stably", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 1e300, noNaN: true }), fc.constantFrom(0, 1, 1.5, Infinity)), {
          maxLength: 300,
        }),
        (values) => {
          const keys = Float64Array.from(values, (v) => (Object.is(v, -0) ? 0 : v));
          const expected = Array.from(keys.keys()).sort((a, b) => keys[a] - keys[b] || a - b);
          assert.deepEqual(Array.from(radixArgsort(keys)), expected);
        },
      ),
    );
  });
});
