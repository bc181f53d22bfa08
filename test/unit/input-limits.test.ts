import { describe, expect, it } from "vitest";
import {
  MAX_ATTRIBUTE_DEPTH,
  attributeProblem,
  parseCiPatch,
} from "../../src/domain/ci/configuration-item.js";
import { ValidationError } from "../../src/domain/errors.js";
import { IssueCollector, throwIfInvalid } from "../../src/domain/validation.js";

const rulesOf = (input: Record<string, unknown>): string[] =>
  parseCiPatch(input, null, { unknownToAttributes: false }).issues.map(
    (i) => `${i.field}: ${i.rule}`,
  );

/** An object nested `depth` deep, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < depth; i++) value = { deeper: value };
  return value;
}

describe("limits on what a CI may hold", () => {
  it("refuses control and bidirectional characters in keys and names, naming the code point", () => {
    expect(rulesOf({ key: "db\u0000orders" })).toEqual([
      "key: must not contain a control character (U+0000)",
    ]);
    expect(rulesOf({ name: "Orders\u0007DB" })).toEqual([
      "name: must not contain a control character (U+0007)",
    ]);
    // "Orders DB" displayed, "BD sredrO" stored: a name must read as it is
    expect(rulesOf({ name: "Orders \u202EBD" })).toEqual([
      "name: must not contain a bidirectional control character (U+202E)",
    ]);
    expect(rulesOf({ owner: "team\nsales" })).toEqual([
      "owner: must not contain a line break or tab (U+000A)",
    ]);
    expect(rulesOf({ key: "db-orders", name: "Orders DB — Zürich", owner: "équipe" })).toEqual([]);
  });

  it("lets long texts hold line breaks, never control characters", () => {
    const c = new IssueCollector(null);
    expect(c.string("description", "first line\nsecond\tline", { max: 2000 })).toBe(
      "first line\nsecond\tline",
    );
    expect(c.string("description", "bell\u0007", { max: 2000 })).toBeNull();
    expect(c.issues.map((i) => i.rule)).toEqual(["must not contain a control character (U+0007)"]);
  });

  it("refuses attributes nested 5,000 deep with a VALIDATION issue, not a stack overflow", () => {
    expect(rulesOf({ attributes: nested(5000) })).toEqual([
      `attributes: must not nest objects or arrays more than ${String(MAX_ATTRIBUTE_DEPTH)} deep`,
    ]);
    expect(attributeProblem(nested(MAX_ATTRIBUTE_DEPTH))).toBeNull();
    expect(attributeProblem({ list: [[[1]]] })).toBeNull();
  });

  it("refuses an attribute map larger than 64 KiB as JSON", () => {
    expect(rulesOf({ attributes: { blob: "x".repeat(70_000) } })).toEqual([
      "attributes: must be at most 65536 characters as JSON (is 70011)",
    ]);
    expect(
      parseCiPatch({ replaceAttributes: { blob: "x".repeat(70_000) } }, null, {
        unknownToAttributes: false,
        replaceAttributes: true,
      }).issues.map((i) => i.field),
    ).toEqual(["replaceAttributes"]);
  });

  it("quotes at most a short prefix of a bad value, however large", () => {
    const key = `k${"x".repeat(1_000_000)}`;
    let error: unknown = null;
    try {
      throwIfInvalid(parseCiPatch({ key }, null, { unknownToAttributes: false }).issues);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.message).toMatch(/^key: must be at most 200 characters \(got "kx+\.\.\.\)$/);
    expect(v.message.length).toBeLessThan(150);
    expect(JSON.stringify(v.details).length).toBeLessThan(1500);
    expect(v.details.value).toBe(`k${"x".repeat(199)}… (1000001 characters)`);
  });
});
