import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EDITOR, READER } from "../support/actors.js";
import { cli } from "../support/cli.js";
import { DISCOVERY_FORMAT_CASES } from "../support/discovery-formats.js";
import { useTestDatabase } from "../support/test-database.js";

interface Report {
  configurationItems: Record<string, number>;
  relationships: Record<string, number>;
  conflicts: { key: string; field: string; source: string; owner: string }[];
  unauthorizedChanges: { key: string; changes: { field: string }[] }[];
}

describe("graph-cmdb discover, format by format", () => {
  const db = useTestDatabase();
  let folder = "";
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-discover-"));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });
  /** `text` in a folder of its own, under the name the format's files have. */
  const file = async (name: string, fileName: string, text: string): Promise<string> => {
    const dir = path.join(folder, name);
    await mkdir(dir, { recursive: true });
    const p = path.join(dir, fileName);
    await writeFile(p, text);
    return p;
  };
  const toProduction = async (keys: readonly string[]) => {
    for (const key of keys) {
      const ci = await db().app.cis.get(db().db.scope(), READER, { key });
      await db().app.cis.update(db().db.scope(), EDITOR, { key }, ci!.revision, {
        lifecycle: "PRODUCTION",
      });
    }
  };

  for (const c of DISCOVERY_FORMAT_CASES) {
    it(`${c.format}: the same file twice changes nothing, a changed file on PRODUCTION CIs gives one unauthorized change per differing CI, precedence holds`, async () => {
      const name = c.format.toLowerCase();
      const before = await file(`${name}-before`, c.fileName, c.before);
      const after = await file(`${name}-after`, c.fileName, c.after);
      const discover = (source: string, f: string, ...more: string[]) =>
        cli(
          "discover",
          name,
          f,
          "--source",
          source,
          ...(c.cluster ? ["--cluster", c.cluster] : []),
          ...more,
        );
      const report = async (source: string, f: string): Promise<Report> => {
        const run = await discover(source, f, "--json");
        expect(run.code).toBe(0);
        return JSON.parse(run.out) as Report;
      };

      expect((await report("a", before)).configurationItems.created).toBe(c.keys.length);
      const again = await report("a", before);
      expect(again.configurationItems).toMatchObject({
        created: 0,
        updated: 0,
        unchanged: c.keys.length,
      });
      expect(again.relationships.created).toBe(0);

      await toProduction(c.keys);
      const changed = await discover("a", after);
      expect(changed.code).toBe(0);
      expect(changed.lines.filter((l) => l.startsWith("unauthorized change"))).toEqual(
        c.changed.map((key) => `unauthorized change: ${key}: ${c.field}`),
      );
      const listed = async () => {
        const run = await cli("discover", "unauthorized", "--source", "a", "--json");
        expect(run.code).toBe(0);
        return (JSON.parse(run.out) as { ciKey: string; changes: unknown[] }[])
          .map((u) => [u.ciKey, u.changes])
          .sort();
      };
      expect(await listed()).toEqual(
        c.changed.map((key) => [key, [{ field: c.field, before: c.was, after: c.now }]]),
      );
      expect((await report("a", after)).unauthorizedChanges).toEqual([]);
      expect(await listed()).toHaveLength(c.changed.length);

      const precedence = (sources: string, ...more: string[]) =>
        cli(
          "discover",
          "precedence",
          "--type",
          c.ciType,
          "--field",
          c.field,
          "--sources",
          sources,
          ...more,
        );
      const setRule = await precedence("a,b");
      expect(setRule.code).toBe(0);
      expect(setRule.lines).toContain(`${c.ciType} ${c.field}: a > b`);
      const kept = await report("b", before);
      expect(kept.conflicts.map((x) => [x.key, x.field, x.owner])).toEqual(
        c.changed.map((key) => [key, c.field, "a"]),
      );
      const turned = await precedence("b, a", "--json");
      expect(JSON.parse(turned.out)).toEqual([
        { ciType: c.ciType, field: c.field, sources: ["b", "a"] },
      ]);
      expect((await report("b", before)).conflicts).toEqual([]);
      const ci = await db().app.cis.get(db().db.scope(), READER, { key: c.changed[0]! });
      expect(ci?.attributes[c.field.replace("attributes.", "")]).toEqual(c.was);
    }, 300_000);
  }

  it("lists stale CIs, drafts their retirement once, lists unauthorized changes, shows them in check, and opens a retrospective RFC", async () => {
    const k8s = DISCOVERY_FORMAT_CASES.find((c) => c.format === "KUBERNETES")!;
    const both = await file("k8s-both", k8s.fileName, k8s.before);
    const webOnly = await file("k8s-web", k8s.fileName, k8s.before.split("\n---\n")[0]!);
    const discover = (f: string) =>
      cli(
        "discover",
        "kubernetes",
        f,
        "--source",
        "live",
        "--cluster",
        "prod",
        "--stale-after",
        "1",
      );
    expect((await discover(both)).code).toBe(0);
    expect((await discover(webOnly)).code).toBe(0);
    const api = "k8s:prod/shop/deployment/api";

    const stale = await cli("discover", "stale", "--source", "live");
    expect(stale.code).toBe(0);
    expect(stale.lines.at(-1)).toBe("1 stale CI(s) of source live");
    expect(stale.lines[0]).toMatch(
      new RegExp(`^${api}  KubernetesWorkload  PLANNED  last seen .*, 1 run\\(s\\) missed$`),
    );

    const retire = await cli("discover", "retire", "--source", "live", "--json");
    expect(retire.code).toBe(0);
    const drafted = JSON.parse(retire.out) as {
      rfc: { number: number; state: string; operations: { kind: string; ciKey: string }[] };
      retiring: { ciKey: string }[];
      alreadyProposed: unknown[];
    };
    expect(drafted.rfc.state).toBe("DRAFT");
    expect(drafted.rfc.operations.map((o) => [o.kind, o.ciKey])).toEqual([["RETIRE_CI", api]]);
    expect(drafted.alreadyProposed).toEqual([]);
    // a second time: the open RFC retires it already, nothing is drafted
    const twice = await cli("discover", "retire", "--source", "live", "--json");
    expect(twice.code).toBe(1);
    expect(JSON.parse(twice.out)).toMatchObject({ error: { code: "CONFLICT", exitCode: 1 } });
    expect(twice.err).toContain(`RFC-${String(drafted.rfc.number)}`);
    const unknown = await cli("discover", "retire", "--source", "live", "--ci", "nope");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("ciKeys[0]");

    const web = "k8s:prod/shop/deployment/web";
    await toProduction([web]);
    const changed = await file("k8s-changed", k8s.fileName, k8s.after.split("\n---\n")[0]!);
    expect((await discover(changed)).code).toBe(0);
    const listed = await cli("discover", "unauthorized", "--status", "open");
    expect(listed.code).toBe(0);
    expect(listed.lines).toHaveLength(2);
    expect(listed.lines[0]).toMatch(
      new RegExp(`  ${web}  by live  OPEN  id (\\S+): attributes.replicas 2 -> 3$`),
    );
    expect(listed.lines[1]).toBe("1 unauthorized change(s)");
    const id = /id (\S+):/.exec(listed.lines[0]!)![1]!;

    const check = await cli("check", "--offenders", "5");
    const rule = check.lines.findIndex((l) => / UNAUTHORIZED_CHANGE /.test(l));
    expect(check.lines[rule]).toMatch(/^\S+\s+UNAUTHORIZED_CHANGE\s+1 /);
    expect(check.lines[rule + 1]?.trim()).toBe(
      `${web}: 1 unauthorized change(s) found by live; open a retrospective RFC`,
    );

    const opened = await cli("discover", "retrospective", id);
    expect(opened.code).toBe(0);
    expect(opened.lines[0]).toMatch(
      new RegExp(
        `^RFC-\\d+ drafted \\(EMERGENCY, 1 operation\\(s\\)\\): Retrospective: unauthorized change of ${web}$`,
      ),
    );
    const again = await cli("discover", "retrospective", id, "--json");
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out)).toMatchObject({ error: { code: "CONFLICT" } });
    expect((await cli("discover", "unauthorized", "--status", "open")).lines).toEqual([
      "0 unauthorized change(s)",
    ]);
    const bad = await cli("discover", "unauthorized", "--status", "closed", "--json");
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out)).toMatchObject({ error: { code: "VALIDATION" } });
  }, 300_000);
});
