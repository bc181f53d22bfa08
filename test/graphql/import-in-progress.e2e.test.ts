import { describe, expect, it } from "vitest";
import { ADMIN, READER } from "../support/actors.js";
import { useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";

const QUERY = `{
  importsInProgress {
    id state source actor reason dryRun startedAt updatedAt batchesDone
    configurationItemsDone relationshipsDone
  }
}`;

interface InProgress {
  importsInProgress: {
    id: string;
    state: string;
    source: string;
    actor: string;
    batchesDone: number;
    configurationItemsDone: number;
    relationshipsDone: number;
  }[];
}

/** Six CIs: written two a batch, the import stops after its second batch commits. */
async function* sixCis(): AsyncGenerator<string> {
  await Promise.resolve();
  yield '{"configurationItems": [';
  for (let i = 1; i <= 6; i++)
    yield `${i > 1 ? "," : ""}{"key": "app-${String(i)}", "name": "App ${String(i)}", "type": "Application"}`;
  yield "]}";
}

describe("an import in progress is visible to users", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();

  it("lists none when every import has finished", async () => {
    const ready = await fetch(`${server().url}/readyz`);
    expect(((await ready.json()) as { importsInProgress: unknown[] }).importsInProgress).toEqual(
      [],
    );
    const res = await server().gql<InProgress>(QUERY);
    expect(res.errors).toEqual([]);
    expect(res.data?.importsInProgress).toEqual([]);
  });

  it("shows an import stopped half-way in /readyz and importsInProgress until it is aborted", async () => {
    const { app, db } = ctx();
    await expect(
      app.imports.importStream(db.scope(), ADMIN, sixCis(), {
        source: "inventory.json",
        reason: "nightly load",
        batchSize: 2,
        // the process dies once its second batch has committed
        onProgress: (p) => {
          if (p.done >= 4) throw new Error("the process died here");
        },
      }),
    ).rejects.toThrow(/the process died here/);

    const ready = await fetch(`${server().url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as {
      ready: boolean;
      importsInProgress: { id: string; state: string; source: string; batches: number }[];
    };
    expect(body.ready).toBe(true);
    expect(body.importsInProgress).toHaveLength(1);
    expect(body.importsInProgress[0]).toMatchObject({
      state: "RUNNING",
      source: "inventory.json",
      actor: ADMIN.user,
      batches: 2,
    });

    const res = await server().gql<InProgress>(QUERY);
    expect(res.errors).toEqual([]);
    expect(res.data?.importsInProgress).toEqual([
      expect.objectContaining({
        id: body.importsInProgress[0]?.id,
        state: "RUNNING",
        source: "inventory.json",
        actor: ADMIN.user,
        reason: "nightly load",
        dryRun: false,
        batchesDone: 2,
        configurationItemsDone: 4,
        relationshipsDone: 0,
      }),
    ]);
    // a READER sees it too: it explains the data they read
    expect(await app.imports.importsInProgress(db.scope(), READER)).toHaveLength(1);

    await app.imports.abortImport(db.scope(), ADMIN);
    expect((await server().gql<InProgress>(QUERY)).data?.importsInProgress).toEqual([]);
    const after = (await (await fetch(`${server().url}/readyz`)).json()) as {
      importsInProgress: unknown[];
    };
    expect(after.importsInProgress).toEqual([]);
  });
});
