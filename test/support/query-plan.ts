import neo4j, { type ResultSummary } from "neo4j-driver";
import type { CypherName } from "../../src/neo4j/cypher-names.js";
import type { Database } from "../../src/neo4j/database.js";

type QueryProfile = Exclude<ResultSummary["queryProfile"], false>;

/** One operator of a profiled plan, flattened (depth-first, root first). */
export interface PlannedOperator {
  readonly operator: string;
  readonly rows: number;
  readonly dbHits: number;
  readonly details: string;
  /** Rows its children produced (what it consumed). */
  readonly inputRows: number;
}

export interface ProfiledStatement {
  readonly operators: readonly PlannedOperator[];
  readonly dbHits: number;
  readonly records: number;
}

/** Runs a named statement under PROFILE against the real Neo4j and returns its plan's figures. */
export async function profileStatement(
  db: Database,
  name: CypherName,
  params: Record<string, unknown>,
): Promise<ProfiledStatement> {
  const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.run(`PROFILE ${db.registry.get(name)}`, params);
    const profile = result.summary.queryProfile;
    if (!profile) throw new Error(`PROFILE of ${name} gave no plan`);
    const operators: PlannedOperator[] = [];
    const walk = (p: QueryProfile): void => {
      const details: unknown = p.arguments.Details;
      operators.push({
        operator: p.operatorType.replace(/@.*$/, ""),
        rows: p.rows ?? 0,
        dbHits: p.dbHits ?? 0,
        details: typeof details === "string" ? details : "",
        inputRows: p.children.reduce((n, c) => n + (c.rows ?? 0), 0),
      });
      p.children.forEach(walk);
    };
    walk(profile);
    return {
      operators,
      dbHits: operators.reduce((n, o) => n + o.dbHits, 0),
      records: result.records.length,
    };
  } finally {
    await session.close();
  }
}

/**
 * The indexes a statement's plan reads (EXPLAIN, nothing run), as `Label(prop, …)` taken from
 * its operators' details (`RANGE INDEX ci:CI(owner, key) WHERE …`, `UNIQUE ci:CI(key) …`), plus
 * every index the statement names itself (a full-text query's `'ci_search'`) as `name:<index>`.
 */
export async function indexesRead(db: Database, name: CypherName): Promise<Set<string>> {
  const text = db.registry.get(name);
  const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.run(`EXPLAIN ${text}`);
    const plan = result.summary.plan;
    const read = new Set<string>();
    const walk = (p: Exclude<ResultSummary["plan"], false>): void => {
      const details: unknown = p.arguments.Details;
      if (typeof details === "string" && /INDEX|UNIQUE/.test(details)) {
        for (const m of details.matchAll(/:(\w+)\(([\w, ]+)\)/g)) read.add(`${m[1]}(${m[2]})`);
      }
      p.children.forEach(walk);
    };
    if (plan) walk(plan);
    for (const m of text.matchAll(/'(\w+)'/g)) read.add(`name:${m[1]}`);
    return read;
  } finally {
    await session.close();
  }
}
