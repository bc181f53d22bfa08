import { describe, expect, it } from "vitest";
import {
  applyPatch,
  diffCi,
  mergePatch,
  newCiFields,
  parseCiPatch,
  type CiFields,
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

  describe("an update's attributes", () => {
    const jvmHost = newCiFields(
      {
        key: "app-1",
        name: "App 1",
        type: "Application",
        attributes: { jvm: "11", language: "java", tuning: { heap: "2g", gc: "g1" } },
      },
      "app-1",
    ).fields!;
    const update = (changes: Record<string, unknown>) =>
      parseCiPatch(changes, "app-1", { unknownToAttributes: false, replaceAttributes: true });
    const updated = (changes: Record<string, unknown>): CiFields =>
      applyPatch(jvmHost, update(changes).patch);

    it("are a merge patch: the attributes given are set and the others stay", () => {
      expect(updated({ attributes: { jvm: "17" } }).attributes).toEqual({
        jvm: "17",
        language: "java",
        tuning: { heap: "2g", gc: "g1" },
      });
    });

    it("remove an attribute given as null, and merge a nested object recursively", () => {
      expect(
        updated({ attributes: { language: null, tuning: { heap: "4g", gc: null }, port: 8080 } })
          .attributes,
      ).toEqual({ jvm: "11", tuning: { heap: "4g" }, port: 8080 });
    });

    it("replace an array or a scalar whole, and an object over a scalar", () => {
      expect(mergePatch({ a: [1, 2], b: "x" }, { a: [3], b: { c: 1 } })).toEqual({
        a: [3],
        b: { c: 1 },
      });
    });

    it("are replaced whole by replaceAttributes, and cleared by attributes: null", () => {
      expect(updated({ replaceAttributes: { jvm: "17" } }).attributes).toEqual({ jvm: "17" });
      expect(updated({ attributes: null }).attributes).toEqual({});
    });

    it("refuse attributes and replaceAttributes together, naming both", () => {
      const { issues } = update({ attributes: { jvm: "17" }, replaceAttributes: { jvm: "17" } });
      expect(issues.map((i) => [i.field, i.rule])).toEqual([
        [
          "replaceAttributes",
          "give either attributes (a merge patch) or replaceAttributes (the whole map), not both",
        ],
      ]);
    });

    it("replaceAttributes is no field of a new CI, and an interchange entry's attribute", () => {
      const fields = { key: "k", name: "N", type: "Server", replaceAttributes: { a: 1 } };
      expect(
        parseCiPatch(fields, "k", { unknownToAttributes: false }).issues.map((i) => i.field),
      ).toEqual(["replaceAttributes"]);
      expect(parseCiPatch(fields, "k", { unknownToAttributes: true }).patch.attributes).toEqual({
        replaceAttributes: { a: 1 },
      });
    });
  });
});
