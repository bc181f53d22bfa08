import { describe, expect, it } from "vitest";
import {
  Catalogue,
  parseCiType,
  parseRelationshipType,
  type CiType,
} from "../../src/domain/catalogue/catalogue.js";
import {
  DEFAULT_CI_TYPES,
  DEFAULT_RELATIONSHIP_TYPES,
} from "../../src/domain/catalogue/default-catalogue.js";

const t = (
  name: string,
  parent: string | null = null,
  attributes: CiType["attributes"] = [],
): CiType => ({
  name,
  parent,
  description: null,
  attributes,
});

describe("the CI type catalogue", () => {
  const catalogue = new Catalogue(
    [
      t("Server", null, [
        { name: "cpuCores", type: "integer", required: false, description: null },
      ]),
      t("VirtualMachine", "Server", [
        { name: "hypervisor", type: "string", required: true, description: null },
      ]),
      t("CloudVm", "VirtualMachine"),
      t("Database"),
    ],
    [],
  );

  it("lists a type with all its descendants", () => {
    expect(catalogue.withSubtypes("Server")).toEqual(["CloudVm", "Server", "VirtualMachine"]);
    expect(catalogue.withSubtypes("Database")).toEqual(["Database"]);
  });

  it("gives a type its own and every inherited attribute", () => {
    expect(
      catalogue
        .effectiveAttributes("CloudVm")
        .map((a) => a.name)
        .sort(),
    ).toEqual(["cpuCores", "hypervisor"]);
  });

  it("reports an unknown parent and a parent cycle", () => {
    const broken = catalogue.with([t("A", "B"), t("B", "A"), t("C", "Nope")], []);
    expect(
      broken
        .check()
        .map((i) => `${String(i.subject)} ${i.rule}`)
        .sort(),
    ).toEqual([
      "CI type A makes the type its own ancestor",
      "CI type B makes the type its own ancestor",
      "CI type C is not a CI type",
    ]);
  });

  it("refuses a subtype that changes an inherited attribute's JSON type", () => {
    const broken = catalogue.with(
      [
        t("Odd", "Server", [
          { name: "cpuCores", type: "string", required: false, description: null },
        ]),
      ],
      [],
    );
    expect(broken.check().map((i) => i.field)).toEqual(["attributes.cpuCores.type"]);
  });

  it("parses definitions, naming the field and value of each mistake", () => {
    const { issues } = parseCiType({
      name: "bad name",
      attributes: [
        { name: "x", type: "float" },
        { name: "x", type: "string" },
      ],
    });
    expect(issues.map((i) => [i.field, i.value])).toEqual([
      ["name", "bad name"],
      ["attributes[0].type", "float"],
    ]);
    const rel = parseRelationshipType({
      name: "depends",
      inverseName: "USED_BY",
      dependent: "BOTH",
    });
    expect(rel.issues.map((i) => [i.field, i.value])).toEqual([
      ["name", "depends"],
      ["dependent", "BOTH"],
    ]);
    expect(
      parseRelationshipType({ name: "HAS_VERSION", inverseName: "X", dependent: "NONE" }).issues[0]
        ?.rule,
    ).toBe("is reserved by graph-cmdb");
  });

  it("ships a default catalogue that parses and checks clean", () => {
    const ciTypes = DEFAULT_CI_TYPES.map((d) => parseCiType(d));
    const relTypes = DEFAULT_RELATIONSHIP_TYPES.map((d) => parseRelationshipType(d));
    expect([...ciTypes, ...relTypes].flatMap((p) => p.issues)).toEqual([]);
    const full = new Catalogue(
      ciTypes.map((p) => p.type!),
      relTypes.map((p) => p.type!),
    );
    expect(full.check()).toEqual([]);
    expect(full.relationshipType("MEMBER_OF")?.dependent).toBe("TARGET");
    expect(full.relationshipType("DEPENDS_ON")?.dependent).toBe("SOURCE");
    expect(full.relationshipType("OWNED_BY")?.dependent).toBe("NONE");
  });
});
