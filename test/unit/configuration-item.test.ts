import { describe, expect, it } from "vitest";
import {
  applyPatch,
  diffCi,
  newCiFields,
  parseCiPatch,
} from "../../src/domain/ci/configuration-item.js";

describe("configuration item rules", () => {
  it("an interchange entry's unknown fields become attributes; an API input's are errors", () => {
    const entry = { key: "k", name: "N", type: "Server", rack: "R12", attributes: { cpuCores: 2 } };
    expect(parseCiPatch(entry, "k", { unknownToAttributes: true }).patch.attributes).toEqual({
      cpuCores: 2,
      rack: "R12",
    });
    expect(
      parseCiPatch(entry, "k", { unknownToAttributes: false }).issues.map((i) => i.field),
    ).toEqual(["rack"]);
  });

  it("a patch keeps what it does not state and clears what it states as null", () => {
    const created = newCiFields(
      parseCiPatch({ key: "k", name: "N", type: "Server", owner: "ops", version: "1" }, "k", {
        unknownToAttributes: false,
      }).patch,
      "k",
    );
    const patch = parseCiPatch({ owner: null, name: "M" }, "k", {
      unknownToAttributes: false,
    }).patch;
    expect(applyPatch(created.fields!, patch)).toMatchObject({
      name: "M",
      owner: null,
      version: "1",
      lifecycle: "PLANNED",
    });
  });

  it("a new CI needs key, name and type", () => {
    expect(newCiFields({ key: "k" }, "k").issues.map((i) => i.field)).toEqual(["name", "type"]);
  });

  it("the diff names fields and attributes one by one, and is empty for equal states", () => {
    const a = newCiFields(
      { key: "k", name: "N", type: "T", attributes: { x: 1, y: { b: 1, a: 2 } } },
      "k",
    ).fields!;
    const b = { ...a, name: "M", attributes: { y: { a: 2, b: 1 }, z: true } };
    expect(diffCi(a, b)).toEqual([
      { field: "name", before: "N", after: "M" },
      { field: "attributes.x", before: 1, after: null },
      { field: "attributes.z", before: null, after: true },
    ]);
    expect(diffCi(a, { ...a })).toEqual([]);
  });
});
