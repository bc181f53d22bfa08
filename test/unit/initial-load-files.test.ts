import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InitialLoadFiles, type InitialLoadFileSet } from "../../src/neo4j/initial-load-files.js";

/**
 * The bulk importer's files an initial load writes, read back field by field as the importer
 * reads CSV (RFC 4180: quoted fields across lines, quotes doubled; an unquoted empty field is
 * no property, a quoted empty one an empty string). Neo4j's importer itself reads them in
 * test/cli/import-initial.command.test.ts; here every kind of value, and many CIs.
 */

/** A field as read: null when unquoted and empty, the text otherwise. */
type Field = string | null;

function parseCsv(text: string): Field[][] {
  const rows: Field[][] = [];
  let row: Field[] = [];
  let i = 0;
  while (i < text.length) {
    let value: Field;
    if (text[i] === '"') {
      let out = "";
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error("unterminated quoted field");
        out += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          out += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      value = out;
    } else {
      let end = i;
      while (end < text.length && text[end] !== "," && text[end] !== "\n") end += 1;
      value = end === i ? null : text.slice(i, end);
      i = end;
    }
    row.push(value);
    if (text[i] === ",") {
      i += 1;
      if (i === text.length || text[i] === "\n") row.push(null);
    }
    if (i >= text.length || text[i] === "\n") {
      rows.push(row);
      row = [];
      i += 1;
    }
  }
  return rows;
}

async function read(file: string): Promise<Record<string, Field>[]> {
  const [header, ...rows] = parseCsv(await readFile(file, "utf8"));
  if (!header) throw new Error(`${file} is empty`);
  for (const r of rows) expect(r.length, `${file}: ${JSON.stringify(r)}`).toBe(header.length);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i] ?? null])));
}

const NOW = "2026-12-06T10:00:00.000Z";
const META = {
  now: NOW,
  importId: "import-1",
  actor: "cli:ops",
  reason: 'first load, "estate"\r\nfrom the inventory',
  rfcId: null,
};

/** Names with what a CSV field can hold: quotes, commas, line breaks, Unicode, long text. */
function nameOf(n: number): string {
  if (n % 3 === 0) return `CI ${String(n)}, "quoted"\nsecond line ${"x".repeat(400)}`;
  if (n % 3 === 1) return `Ünïcödé € 𝄞 ${String(n)}`;
  return `plain ${String(n)}`;
}

describe("the initial load's CSV files", () => {
  let dir = "";
  let set: InitialLoadFileSet;
  const MANY = 600;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-initial-files-"));
    const files = new InitialLoadFiles(dir);
    await files.createCis({
      ...META,
      rows: [
        {
          id: "ci-a",
          operation: "IMPORT",
          changes: '[{"field":"key","before":null,"after":"a"}]',
          props: {
            id: "ci-a",
            key: "a",
            name: 'A "quoted", with a comma',
            type: "Server",
            version: null,
            owner: "two\nlines",
            responsibleTeam: "",
            lifecycle: "RETIRED",
            environment: "carriage\rreturn",
            criticality: 2.5,
            attributes: '{"nested":{"list":[1,2.5,"x"],"yes":true},"q":"\\"\\n"}',
            minimumMembers: 3,
          },
        },
        {
          id: "ci-b",
          operation: "IMPORT",
          changes: "[]",
          props: { id: "ci-b", key: "b", name: "B", type: "Server", lifecycle: "PRODUCTION" },
        },
      ],
    });
    // many CIs in several batches: the CI file is completed by a scan that spans read chunks
    for (let batch = 0; batch < 3; batch++) {
      await files.createCis({
        ...META,
        rows: Array.from({ length: MANY / 3 }, (_, i) => {
          const n = batch * (MANY / 3) + i;
          return {
            id: `ci-${String(n)}`,
            operation: "IMPORT",
            changes: "[]",
            props: {
              id: `ci-${String(n)}`,
              key: `k-${String(n)}`,
              name: nameOf(n),
              type: "Application",
              lifecycle: "PRODUCTION",
              // every combination of the two properties the labels follow
              criticality: n % 4 === 3 ? null : n,
              minimumMembers: n % 2 === 1 ? 2 : null,
            },
          };
        }),
      });
    }
    await files.createRelationships({
      ...META,
      rows: [
        { id: "rel-1", fromId: "ci-a", toId: "ci-b", type: "DEPENDS_ON" },
        { id: "rel-2", fromId: "ci-b", toId: "ci-0", type: "RUNS_ON" },
        ...Array.from({ length: MANY - 1 }, (_, i) => ({
          id: `rel-chain-${String(i)}`,
          fromId: `ci-${String(i)}`,
          toId: `ci-${String(i + 1)}`,
          type: "DEPENDS_ON",
        })),
      ],
    });
    files.setJournal({ id: "import-1", state: "RUNNING", dryRun: false, batchSize: 2000 });
    set = await files.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("write every kind of value as the statements would store it", async () => {
    expect(set.multilineFields).toBe(true);
    const cis = await read(path.join(dir, "cis.csv"));
    expect(cis).toHaveLength(MANY + 2);
    // the importer stores properties in column order: what the walk reads first, the id among
    // them (an id:ID column's property would be stored last)
    const [header] = (await readFile(path.join(dir, "cis.csv"), "utf8")).split("\n");
    expect(header?.split(",").slice(0, 7)).toEqual([
      ":ID(ci)",
      "id",
      "key",
      "type",
      "lifecycle",
      "criticality:double",
      "minimumMembers:double",
    ]);
    expect(cis[0]).toEqual({
      ":ID(ci)": "ci-a",
      id: "ci-a",
      key: "a",
      name: 'A "quoted", with a comma',
      type: "Server",
      version: null,
      owner: "two\nlines",
      responsibleTeam: "",
      lifecycle: "RETIRED",
      environment: "carriage\rreturn",
      "criticality:double": "2.5",
      attributes: '{"nested":{"list":[1,2.5,"x"],"yes":true},"q":"\\"\\n"}',
      "minimumMembers:double": "3",
      "createdAt:datetime": NOW,
      "updatedAt:datetime": NOW,
      "revision:long": "1",
      "retiredAt:datetime": NOW,
      importId: "import-1",
      // the labels import/create-cis sets: it has a criticality and a minimum
      ":LABEL": "HasCriticality;RedundancyGroup",
      "relRevision:long": "1",
    });
    expect(cis[1]).toMatchObject({
      ":ID(ci)": "ci-b",
      id: "ci-b",
      version: null,
      owner: null,
      "criticality:double": null,
      "retiredAt:datetime": null,
      ":LABEL": null,
      "relRevision:long": "2",
    });
    // each CI's own line, whatever its name holds, with its own relationship count
    for (let n = 0; n < MANY; n++) {
      const degree = (n === 0 ? 1 : 0) + (n > 0 ? 1 : 0) + (n < MANY - 1 ? 1 : 0);
      expect(cis[n + 2]).toMatchObject({
        ":ID(ci)": `ci-${String(n)}`,
        id: `ci-${String(n)}`,
        name: nameOf(n),
        "criticality:double": n % 4 === 3 ? null : String(n),
        "minimumMembers:double": n % 2 === 1 ? "2" : null,
        ":LABEL":
          [n % 4 === 3 ? null : "HasCriticality", n % 2 === 1 ? "RedundancyGroup" : null]
            .filter((label) => label !== null)
            .join(";") || null,
        "relRevision:long": String(degree),
      });
    }
  });

  it("give each CI its first version, linked, with the import's actor and reason", async () => {
    const versions = await read(path.join(dir, "versions.csv"));
    expect(versions).toHaveLength(MANY + 2);
    expect(versions[0]).toEqual({
      ":ID(version)": "ci-a",
      key: "a",
      name: 'A "quoted", with a comma',
      type: "Server",
      version: null,
      owner: "two\nlines",
      responsibleTeam: "",
      lifecycle: "RETIRED",
      environment: "carriage\rreturn",
      "criticality:double": "2.5",
      attributes: '{"nested":{"list":[1,2.5,"x"],"yes":true},"q":"\\"\\n"}',
      "minimumMembers:double": "3",
      "createdAt:datetime": NOW,
      "updatedAt:datetime": NOW,
      "revision:long": "1",
      "retiredAt:datetime": NOW,
      importId: "import-1",
      ciId: "ci-a",
      "validFrom:datetime": NOW,
      operation: "IMPORT",
      changes: '[{"field":"key","before":null,"after":"a"}]',
      actor: "cli:ops",
      reason: META.reason,
      rfcId: null,
    });
    const links = await read(path.join(dir, "has-version.csv"));
    expect(links.slice(0, 2)).toEqual([
      { ":START_ID(ci)": "ci-a", ":END_ID(version)": "ci-a" },
      { ":START_ID(ci)": "ci-b", ":END_ID(version)": "ci-b" },
    ]);
  });

  it("write each relationship with its signature node, and the journal", async () => {
    const rels = await read(path.join(dir, "relationships.csv"));
    expect(rels).toHaveLength(MANY + 1);
    expect(rels[0]).toEqual({
      ":START_ID(ci)": "ci-a",
      ":END_ID(ci)": "ci-b",
      ":TYPE": "DEPENDS_ON",
      id: "rel-1",
      "validFrom:datetime": NOW,
      createdBy: "cli:ops",
      reason: META.reason,
      rfcId: null,
      "revision:long": "1",
    });
    const signatures = await read(path.join(dir, "signatures.csv"));
    expect(signatures.slice(0, 2)).toEqual([
      { signature: "ci-a|DEPENDS_ON|ci-b", id: "rel-1", importId: "import-1" },
      { signature: "ci-b|RUNS_ON|ci-0", id: "rel-2", importId: "import-1" },
    ]);
    const journal = await read(path.join(dir, "import.csv"));
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({
      id: "import-1",
      state: "RUNNING",
      "dryRun:boolean": "false",
      "batchSize:long": "2000",
      source: null,
    });
    expect(set.nodes.map((n) => n.label)).toEqual([
      "CI",
      "CIVersion",
      "RelationshipInForce",
      "Import",
    ]);
    expect(set.relationships.map((r) => r.type)).toEqual(["HAS_VERSION", null]);
  });
});
