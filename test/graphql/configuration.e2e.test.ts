import { execute, parse } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../../src/graphql/context.js";
import { buildGraphqlSchema } from "../../src/graphql/schema.js";
import type { GraphQLSchema } from "graphql";
import { ADMIN, EDITOR, READER } from "../support/actors.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer } from "../support/test-server.js";
import { issueTestToken } from "../support/users.js";

const CREATE = `mutation($input: CreateConfigurationItemInput!) {
  createConfigurationItem(input: $input) { configurationItem { id key revision lifecycle attributes } }
}`;
const UPDATE = `mutation($input: UpdateConfigurationItemInput!) {
  updateConfigurationItem(input: $input) { configurationItem { revision name attributes } }
}`;

describe("configuration management through GraphQL", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  let editorToken = "";
  let readerToken = "";

  /** Tokens are data too: issued again in each test, after the clean slate. */
  async function tokens(): Promise<void> {
    const issue = async (user: string, role: string) =>
      (await issueTestToken(server(), user, [role])).secret;
    editorToken = await issue("eddie", "EDITOR");
    readerToken = await issue("rita", "READER");
  }

  it("creates, updates at a revision, refuses a stale one, and reads as of before the update", async () => {
    await tokens();
    const created = await server().gql<{
      createConfigurationItem: { configurationItem: { id: string; revision: number } };
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
    expect(created.data?.createConfigurationItem.configurationItem).toMatchObject({
      revision: 1,
      lifecycle: "PLANNED",
    });
    const beforeUpdate = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 15));

    const updated = await server().gql<{
      updateConfigurationItem: { configurationItem: { revision: number } };
    }>(
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
    expect(updated.data?.updateConfigurationItem.configurationItem).toEqual({
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
      'query($at: DateTime) { configurationItem(ref: { key: "pay-db" }, asOf: $at) { revision attributes asOf } }',
      { at: beforeUpdate },
      { token: readerToken },
    );
    expect(asOf.data?.configurationItem).toMatchObject({
      revision: 1,
      attributes: { engine: "postgres", sizeGb: 50 },
    });

    const history = await server().gql<{
      configurationItem: {
        history: {
          nodes: {
            revision: number;
            operation: string;
            actor: string;
            reason: string;
            changes: unknown[];
          }[];
        };
      };
    }>(
      '{ configurationItem(ref: { key: "pay-db" }) { history { nodes { revision operation actor reason changes { field before after } } } } }',
      {},
      { token: readerToken },
    );
    expect(
      history.data?.configurationItem.history.nodes.map((v) => [
        v.revision,
        v.operation,
        v.actor,
        v.reason,
      ]),
    ).toEqual([
      [1, "CREATE", "eddie", "new"],
      [2, "UPDATE", "eddie", "grew"],
    ]);
    expect(history.data?.configurationItem.history.nodes[1]!.changes).toEqual([
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
      server().gql<{
        updateConfigurationItem: { configurationItem: { revision: number; attributes: unknown } };
      }>(UPDATE, { input: { ci: { key: "billing" }, revision, changes } }, { token: editorToken });
    const merged = await update(1, { attributes: { jvm: "17" } });
    expect(merged.data?.updateConfigurationItem.configurationItem.attributes).toEqual({
      jvm: "17",
      language: "java",
    });
    const both = await update(2, { attributes: { jvm: "21" }, replaceAttributes: { jvm: "21" } });
    expect(errorCodes(both)).toEqual(["VALIDATION"]);
    expect(both.errors[0]?.message).toContain(
      "replaceAttributes: give either attributes (a merge patch) or replaceAttributes",
    );
    const replaced = await update(2, { replaceAttributes: { jvm: "21" } });
    expect(replaced.data?.updateConfigurationItem.configurationItem.attributes).toEqual({
      jvm: "21",
    });
  });

  it("refuses every write to a READER, with FORBIDDEN, and writes nothing", async () => {
    await tokens();
    const mutations: [string, Record<string, unknown>][] = [
      [CREATE, { input: { key: "x", name: "X", type: "Server" } }],
      [UPDATE, { input: { ci: { key: "x" }, revision: 1, changes: { name: "y" } } }],
      [
        'mutation { retireConfigurationItem(input: { ci: { key: "x" }, revision: 1 }) { configurationItem { id } } }',
        {},
      ],
      [
        'mutation { createRelationship(input: { from: { key: "a" }, to: { key: "b" }, type: "DEPENDS_ON" }) { relationship { id } } }',
        {},
      ],
      [
        'mutation { removeRelationship(input: { from: { key: "a" }, to: { key: "b" }, type: "DEPENDS_ON" }) { relationship { id } } }',
        {},
      ],
      [
        'mutation { importConfiguration(input: { document: { configurationItems: [{ key: "x", name: "X", type: "Server" }] } }) { report { applied } } }',
        {},
      ],
      ['mutation { defineCiType(input: { name: "Robot" }) { ciType { name } } }', {}],
      [
        'mutation { defineRelationshipType(input: { name: "FEEDS", inverseName: "FED_BY", dependent: SOURCE }) { relationshipType { name } } }',
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
        report: {
          applied: boolean;
          errorCount: number;
          errors: { section: string; index: number; entry: string; field: string }[];
        };
      };
    }>(
      `mutation($doc: ImportDocumentInput!) { importConfiguration(input: { document: $doc }) { report { applied errorCount errors { section index entry field message } } } }`,
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
    const report = res.data?.importConfiguration.report;
    expect(report).toMatchObject({ applied: false, errorCount: 1 });
    expect(report?.errors.map((e) => [e.section, e.index, e.entry, e.field])).toEqual([
      ["CONFIGURATION_ITEMS", 1, "db", "type"],
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
        relationships: { nodes: { label: string; direction: string; other: { key: string } }[] };
      };
    }>(
      '{ configurationItem(ref: { key: "orders-db" }) { relationships { nodes { label direction other { key } } } } }',
    );
    const seen = res.data?.configurationItem.relationships.nodes.map((r) => [
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

  it("refuses a CI reference naming both id and key, or neither, before any resolver runs (@oneOf)", async () => {
    const literal = await server().gql('{ configurationItem(ref: { id: "x", key: "y" }) { key } }');
    expect(literal.status).toBe(400);
    expect(errorCodes(literal)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(literal.errors[0]?.message).toContain("CiReferenceInput");
    const variables = await server().gql(
      "query($ref: CiReferenceInput!) { configurationItem(ref: $ref) { key } }",
      { ref: {} },
    );
    expect(variables.status).toBe(400);
    expect(errorCodes(variables)).toEqual(["BAD_USER_INPUT"]);
  });

  it("removes a relationship named by its ends (from, to) and type, keeping it as history", async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), EDITOR, {
      configurationItems: [
        { key: "shop", name: "Shop", type: "Application" },
        { key: "orders-db", name: "Orders DB", type: "Database" },
      ],
    });
    const created = await server().gql<{
      createRelationship: { relationship: { type: string; source: { key: string } } };
    }>(
      `mutation { createRelationship(input: { from: { key: "shop" }, to: { key: "orders-db" },
        type: "DEPENDS_ON", reason: "orders" }) { relationship { type source { key } } } }`,
    );
    expect(created.errors).toEqual([]);
    expect(created.data?.createRelationship.relationship).toEqual({
      type: "DEPENDS_ON",
      source: { key: "shop" },
    });
    const REMOVE = `mutation($input: RemoveRelationshipInput!) {
      removeRelationship(input: $input) { relationship { type removeReason validTo target { key } } }
    }`;
    const input = {
      from: { key: "shop" },
      to: { key: "orders-db" },
      type: "DEPENDS_ON",
      reason: "moved",
    };
    const removed = await server().gql<{
      removeRelationship: { relationship: { removeReason: string; validTo: string | null } };
    }>(REMOVE, { input });
    expect(removed.errors).toEqual([]);
    expect(removed.data?.removeRelationship.relationship).toMatchObject({
      type: "DEPENDS_ON",
      removeReason: "moved",
      target: { key: "orders-db" },
    });
    expect(removed.data?.removeRelationship.relationship.validTo).not.toBeNull();
    // none in force any more; the other way round was never in force
    expect(errorCodes(await server().gql(REMOVE, { input }))).toEqual(["NOT_FOUND"]);
    const reversed = { ...input, from: input.to, to: input.from };
    expect(errorCodes(await server().gql(REMOVE, { input: reversed }))).toEqual(["NOT_FOUND"]);
    const kept = await server().gql<{
      configurationItem: { relationships: { totalCount: number; nodes: { validTo: string }[] } };
    }>(
      '{ configurationItem(ref: { key: "shop" }) { relationships(includeRemoved: true) { totalCount nodes { validTo } } } }',
    );
    expect(kept.data?.configurationItem.relationships.totalCount).toBe(1);
  });

  it("pages a CI's history by revision, oldest or newest first, refusing another CI's cursor", async () => {
    await tokens();
    const ids: string[] = [];
    for (const key of ["paged", "other"]) {
      const res = await server().gql<{
        createConfigurationItem: { configurationItem: { id: string } };
      }>(CREATE, { input: { key, name: key, type: "Server" } }, { token: editorToken });
      ids.push(res.data!.createConfigurationItem.configurationItem.id);
    }
    for (const revision of [1, 2, 3]) {
      const res = await server().gql(
        UPDATE,
        { input: { ci: { key: "paged" }, revision, changes: { version: String(revision) } } },
        { token: editorToken },
      );
      expect(res.errors).toEqual([]);
    }
    const HISTORY = `query($id: ID!, $first: Int!, $after: String, $order: CiHistoryOrder!) {
      configurationItem(ref: { id: $id }) { history(first: $first, after: $after, order: $order) {
        totalCount nodes { revision } pageInfo { hasNextPage hasPreviousPage endCursor } } }
    }`;
    interface HistoryPage {
      configurationItem: {
        history: {
          totalCount: number;
          nodes: { revision: number }[];
          pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
        };
      };
    }
    const page = async (vars: Record<string, unknown>) =>
      server().gql<HistoryPage>(HISTORY, { id: ids[0], order: "OLDEST_FIRST", ...vars });
    const revisions = (res: { data: HistoryPage | null }) =>
      res.data?.configurationItem.history.nodes.map((v) => v.revision);

    const one = await page({ first: 3 });
    expect(revisions(one)).toEqual([1, 2, 3]);
    expect(one.data?.configurationItem.history).toMatchObject({
      totalCount: 4,
      pageInfo: { hasNextPage: true, hasPreviousPage: false },
    });
    const after = one.data!.configurationItem.history.pageInfo.endCursor;
    const two = await page({ first: 3, after });
    expect(revisions(two)).toEqual([4]);
    expect(two.data?.configurationItem.history.pageInfo).toMatchObject({
      hasNextPage: false,
      hasPreviousPage: true,
    });

    const newest = await page({ first: 2, order: "NEWEST_FIRST" });
    expect(revisions(newest)).toEqual([4, 3]);
    const older = await page({
      first: 2,
      order: "NEWEST_FIRST",
      after: newest.data!.configurationItem.history.pageInfo.endCursor,
    });
    expect(revisions(older)).toEqual([2, 1]);

    const otherCi = await server().gql(HISTORY, {
      id: ids[1],
      first: 3,
      after,
      order: "OLDEST_FIRST",
    });
    expect(errorCodes(otherCi)).toEqual(["VALIDATION"]);
    expect(otherCi.errors[0]?.extensions?.field).toBe("after");
    for (const first of [0, 501]) {
      const res = await page({ first });
      expect([first, errorCodes(res)]).toEqual([first, ["VALIDATION"]]);
      expect(res.errors[0]?.extensions?.field).toBe("first");
    }
  });

  it("pages a CI's relationships by type, refusing a page size over 1000 instead of clamping it", async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), EDITOR, {
      configurationItems: [
        { key: "hub", name: "Hub", type: "Application" },
        { key: "db-a", name: "DB A", type: "Database" },
        { key: "db-b", name: "DB B", type: "Database" },
        { key: "vm", name: "VM", type: "VirtualMachine" },
      ],
      relationships: [
        { from: "hub", to: "db-a", type: "DEPENDS_ON" },
        { from: "hub", to: "db-b", type: "DEPENDS_ON" },
        { from: "hub", to: "vm", type: "RUNS_ON" },
      ],
    });
    const RELS = `query($first: Int!, $after: String) {
      configurationItem(ref: { key: "hub" }) { relationships(first: $first, after: $after) {
        totalCount nodes { type other { key } } pageInfo { hasNextPage endCursor } } }
    }`;
    interface RelsPage {
      configurationItem: {
        relationships: {
          totalCount: number;
          nodes: { type: string; other: { key: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res: { data: RelsPage | null } = await server().gql<RelsPage>(RELS, {
        first: 1,
        after,
      });
      const rels = res.data!.configurationItem.relationships;
      expect(rels.totalCount).toBe(3);
      expect(rels.pageInfo.hasNextPage).toBe(i < 2);
      seen.push(...rels.nodes.map((r) => `${r.type} ${r.other.key}`));
      after = rels.pageInfo.endCursor;
    }
    expect(seen.slice(0, 2).sort()).toEqual(["DEPENDS_ON db-a", "DEPENDS_ON db-b"]);
    expect(seen[2]).toBe("RUNS_ON vm");
    for (const first of [0, 1001]) {
      expect(errorCodes(await server().gql(RELS, { first }))).toEqual(["VALIDATION"]);
    }
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
          nodes { key owner ciType { name } relationships { nodes { type label other { key owner } } } }
        } }`),
        contextValue: createContext(ctx().app, READER, scope),
      });
      expect(result.errors).toBeUndefined();
      const nodes = (
        result.data as {
          configurationItems: { nodes: { relationships: { nodes: unknown[] } }[] };
        }
      ).configurationItems.nodes;
      expect(nodes).toHaveLength(first);
      expect(nodes.every((n) => n.relationships.nodes.length === 2)).toBe(true);
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
