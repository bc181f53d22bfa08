import { execute, parse } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../../src/graphql/context.js";
import { buildGraphqlSchema } from "../../src/graphql/schema.js";
import type { GraphQLSchema } from "graphql";
import { ADMIN, EDITOR, READER } from "../support/actors.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer } from "../support/test-server.js";

const CREATE = `mutation($input: CreateConfigurationItemInput!) {
  createConfigurationItem(input: $input) { id key revision lifecycle attributes }
}`;
const UPDATE = `mutation($input: UpdateConfigurationItemInput!) {
  updateConfigurationItem(input: $input) { revision name attributes }
}`;

describe("configuration management through GraphQL", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  let editorToken = "";
  let readerToken = "";

  /** Tokens are data too: issued again in each test, after the clean slate. */
  async function tokens(): Promise<void> {
    const issue = async (user: string, role: string) => {
      const res = await server().gql<{ createApiToken: { secret: string } }>(
        "mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }",
        { i: { user, roles: [role] } },
      );
      return res.data!.createApiToken.secret;
    };
    editorToken = await issue("eddie", "EDITOR");
    readerToken = await issue("rita", "READER");
  }

  it("creates, updates at a revision, refuses a stale one, and reads as of before the update", async () => {
    await tokens();
    const created = await server().gql<{
      createConfigurationItem: { id: string; revision: number };
    }>(
      CREATE,
      {
        input: {
          key: "pay-db",
          name: "Payments DB",
          type: "Database",
          attributes: { engine: "postgres", sizeGb: 50 },
          reason: "new",
        },
      },
      { token: editorToken },
    );
    expect(created.errors).toEqual([]);
    expect(created.data?.createConfigurationItem).toMatchObject({
      revision: 1,
      lifecycle: "PLANNED",
    });
    const beforeUpdate = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 15));

    const updated = await server().gql<{ updateConfigurationItem: { revision: number } }>(
      UPDATE,
      {
        input: {
          ci: { key: "pay-db" },
          revision: 1,
          changes: { attributes: { engine: "postgres", sizeGb: 200 } },
          reason: "grew",
        },
      },
      { token: editorToken },
    );
    expect(updated.data?.updateConfigurationItem).toEqual({
      revision: 2,
      name: "Payments DB",
      attributes: { engine: "postgres", sizeGb: 200 },
    });

    const stale = await server().gql(
      UPDATE,
      { input: { ci: { key: "pay-db" }, revision: 1, changes: { name: "x" } } },
      { token: editorToken },
    );
    expect(errorCodes(stale)).toEqual(["CONFLICT"]);

    const asOf = await server().gql<{
      configurationItem: { attributes: unknown; revision: number; asOf: string };
    }>(
      'query($at: DateTime) { configurationItem(key: "pay-db", asOf: $at) { revision attributes asOf } }',
      { at: beforeUpdate },
      { token: readerToken },
    );
    expect(asOf.data?.configurationItem).toMatchObject({
      revision: 1,
      attributes: { engine: "postgres", sizeGb: 50 },
    });

    const history = await server().gql<{
      configurationItem: {
        history: { revision: number; actor: string; reason: string; changes: unknown[] }[];
      };
    }>(
      '{ configurationItem(key: "pay-db") { history { revision actor reason changes { field before after } } } }',
      {},
      { token: readerToken },
    );
    expect(
      history.data?.configurationItem.history.map((v) => [v.revision, v.actor, v.reason]),
    ).toEqual([
      [1, "eddie", "new"],
      [2, "eddie", "grew"],
    ]);
    expect(history.data?.configurationItem.history[1]!.changes).toEqual([
      { field: "attributes.sizeGb", before: 50, after: 200 },
    ]);
  });

  it("merges attributes given to an update, replaces them with replaceAttributes, never both", async () => {
    await tokens();
    await server().gql(
      CREATE,
      {
        input: {
          key: "billing",
          name: "Billing",
          type: "Application",
          attributes: { jvm: "11", language: "java" },
        },
      },
      { token: editorToken },
    );
    const update = (revision: number, changes: Record<string, unknown>) =>
      server().gql<{ updateConfigurationItem: { revision: number; attributes: unknown } }>(
        UPDATE,
        { input: { ci: { key: "billing" }, revision, changes } },
        { token: editorToken },
      );
    const merged = await update(1, { attributes: { jvm: "17" } });
    expect(merged.data?.updateConfigurationItem.attributes).toEqual({
      jvm: "17",
      language: "java",
    });
    const both = await update(2, { attributes: { jvm: "21" }, replaceAttributes: { jvm: "21" } });
    expect(errorCodes(both)).toEqual(["VALIDATION"]);
    expect(both.errors[0]?.message).toContain(
      "replaceAttributes: give either attributes (a merge patch) or replaceAttributes",
    );
    const replaced = await update(2, { replaceAttributes: { jvm: "21" } });
    expect(replaced.data?.updateConfigurationItem.attributes).toEqual({ jvm: "21" });
  });

  it("refuses every write to a READER, with FORBIDDEN, and writes nothing", async () => {
    await tokens();
    const mutations: [string, Record<string, unknown>][] = [
      [CREATE, { input: { key: "x", name: "X", type: "Server" } }],
      [UPDATE, { input: { ci: { key: "x" }, revision: 1, changes: { name: "y" } } }],
      ['mutation { retireConfigurationItem(input: { ci: { key: "x" }, revision: 1 }) { id } }', {}],
      [
        'mutation { createRelationship(input: { from: { key: "a" }, to: { key: "b" }, type: "DEPENDS_ON" }) { id } }',
        {},
      ],
      ['mutation { removeRelationship(input: { id: "a:b", revision: 1 }) { id } }', {}],
      [
        'mutation { importConfiguration(document: { configurationItems: [{ key: "x", name: "X", type: "Server" }] }) { applied } }',
        {},
      ],
      ['mutation { defineCiType(input: { name: "Robot" }) { name } }', {}],
      [
        'mutation { defineRelationshipType(input: { name: "FEEDS", inverseName: "FED_BY", dependent: SOURCE }) { name } }',
        {},
      ],
    ];
    for (const [query, variables] of mutations) {
      const res = await server().gql(query, variables, { token: readerToken });
      expect([query, errorCodes(res)]).toEqual([query, ["FORBIDDEN"]]);
    }
    const list = await server().gql<{ configurationItems: { nodes: unknown[] } }>(
      "{ configurationItems { nodes { key } } }",
      {},
      { token: readerToken },
    );
    expect(list.data?.configurationItems.nodes).toEqual([]);
  });

  it("imports a document with a deliberate error: nothing written, the entry named", async () => {
    const res = await server().gql<{
      importConfiguration: {
        applied: boolean;
        errorCount: number;
        errors: { index: number; entry: string; field: string }[];
      };
    }>(
      `mutation($doc: ImportDocumentInput!) { importConfiguration(document: $doc) { applied errorCount errors { section index entry field message } } }`,
      {
        doc: {
          configurationItems: [
            { key: "web", name: "Web", type: "Application" },
            { key: "db", name: "DB", type: "Databse" },
          ],
          relationships: [{ from: "web", to: "db", type: "DEPENDS_ON" }],
        },
      },
    );
    // the relationship to the refused "db" is not refused again: the CI's error is the cause
    expect(res.data?.importConfiguration).toMatchObject({ applied: false, errorCount: 1 });
    expect(res.data?.importConfiguration.errors.map((e) => [e.index, e.entry, e.field])).toEqual([
      [1, "db", "type"],
    ]);
    const list = await server().gql<{ configurationItems: { nodes: unknown[] } }>(
      "{ configurationItems { nodes { key } } }",
    );
    expect(list.data?.configurationItems.nodes).toEqual([]);
  });

  it("shows a CI's relationships both ways, labelled from its side, with the CI at the other end", async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), EDITOR, {
      configurationItems: [
        { key: "shop", name: "Shop", type: "Application" },
        { key: "orders-db", name: "Orders DB", type: "Database" },
        { key: "vm", name: "VM", type: "VirtualMachine" },
      ],
      relationships: [
        { from: "shop", to: "orders-db", type: "DEPENDS_ON" },
        { from: "orders-db", to: "vm", type: "RUNS_ON" },
      ],
    });
    const res = await server().gql<{
      configurationItem: {
        relationships: { label: string; direction: string; other: { key: string } }[];
      };
    }>(
      '{ configurationItem(key: "orders-db") { relationships { label direction other { key } } } }',
    );
    const seen = res.data?.configurationItem.relationships.map((r) => [
      r.label,
      r.direction,
      r.other.key,
    ]);
    expect(new Set(seen)).toEqual(
      new Set([
        ["USED_BY", "INCOMING", "shop"],
        ["RUNS_ON", "OUTGOING", "vm"],
      ]),
    );
  });

  describe("DataLoader", () => {
    let schema: GraphQLSchema;
    beforeAll(async () => {
      schema = await buildGraphqlSchema();
    });

    async function roundTripsToList(first: number): Promise<number> {
      const scope = ctx().db.scope();
      const result = await execute({
        schema,
        document: parse(`{ configurationItems(first: ${String(first)}) {
          nodes { key owner ciType { name } relationships { type label other { key owner } } }
        } }`),
        contextValue: createContext(ctx().app, READER, scope),
      });
      expect(result.errors).toBeUndefined();
      const nodes = (
        result.data as { configurationItems: { nodes: { relationships: unknown[] }[] } }
      ).configurationItems.nodes;
      expect(nodes).toHaveLength(first);
      expect(nodes.every((n) => n.relationships.length === 2)).toBe(true);
      return scope.roundTrips;
    }

    it("keeps the round trips of a 100-CI listing with owners and relationships equal to a 10-CI one", async () => {
      const configurationItems = Array.from({ length: 101 }, (_, i) => ({
        key: `app-${String(i).padStart(3, "0")}`,
        name: `App ${String(i)}`,
        type: "Application",
        owner: `team-${String(i % 7)}`,
      }));
      const relationships = configurationItems.map((c, i) => ({
        from: c.key,
        to: configurationItems[(i + 1) % 101]!.key,
        type: "CONSUMES",
      }));
      await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, {
        configurationItems,
        relationships,
      });

      const ten = await roundTripsToList(10);
      const hundred = await roundTripsToList(100);
      expect(hundred).toBe(ten);
      expect(hundred).toBeLessThanOrEqual(6);
    });
  });
});
