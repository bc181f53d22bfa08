import { describe, expect, it } from "vitest";
import { CatalogueService } from "../../src/application/catalogue/catalogue.service.js";
import type { StoredCatalogue } from "../../src/neo4j/catalogue.repository.js";
import { ADMIN } from "../support/actors.js";
import { useTestDatabase } from "../support/test-database.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const typeNames = (c: StoredCatalogue) => c.ciTypes.map((t) => t.name);

describe("the catalogue's copy for analyses", () => {
  const ctx = useTestDatabase();

  /** The copy of one API instance; `ctx().app.catalogue` plays another instance's. */
  function instance(times: { cacheMs: number; refreshAfterMs: number }) {
    const { db } = ctx();
    const service = new CatalogueService(() => db.scope(), times);
    const read = async () => {
      const scope = db.scope();
      const catalogue = await scope.readTransaction((tx) => service.readForAnalysis(tx));
      return { catalogue, statements: scope.roundTrips };
    };
    return { service, read };
  }

  it("is read again in the background once old, while reads keep answering from it", async () => {
    const { service, read } = instance({ cacheMs: 60_000, refreshAfterMs: 1_000 });
    const first = await read();
    expect(first.statements).toBe(2);
    // another instance adds a type: this one's copy does not have it yet
    await ctx().app.catalogue.defineCiType(ctx().db.scope(), ADMIN, { name: "Robot" });
    const fresh = await read();
    expect(fresh.statements).toBe(0);
    expect(typeNames(fresh.catalogue)).not.toContain("Robot");

    await sleep(1_100);
    // old enough: answered from the copy at once, the copy read again beside it
    const old = await read();
    expect(old.statements).toBe(0);
    await service.refreshed();
    const refreshed = await read();
    expect(refreshed.statements).toBe(0);
    expect(typeNames(refreshed.catalogue)).toContain("Robot");
  });

  it("is never older than its limit: past it, the read waits for a new copy", async () => {
    const { read } = instance({ cacheMs: 150, refreshAfterMs: 150 });
    await read();
    await ctx().app.catalogue.defineCiType(ctx().db.scope(), ADMIN, { name: "Robot" });
    await sleep(200);
    const expired = await read();
    expect(expired.statements).toBe(2);
    expect(typeNames(expired.catalogue)).toContain("Robot");
  });

  it("does not keep a copy read before a write of this process forgot it", async () => {
    const { service, read } = instance({ cacheMs: 60_000, refreshAfterMs: 300 });
    await read();
    await sleep(350);
    await read(); // starts the background read
    service.forget(); // a write here, while that read is under way
    await service.refreshed();
    expect(service.hasFreshCopy()).toBe(false);
    expect((await read()).statements).toBe(2);
  });
});
