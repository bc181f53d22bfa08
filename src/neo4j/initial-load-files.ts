import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { unlink } from "node:fs/promises";
import path from "node:path";
import type { CypherName } from "./cypher-names.js";
import { DbTransaction, type Params, type Row } from "./database.js";

/**
 * The input files of Neo4j's bulk importer for an initial load (ADR 012, `--initial`): the
 * offline twin of the statements a streamed import runs. It receives the very parameters the
 * import sends to `import/create-cis`, `import/create-relationships` and `import/create-import`
 * and writes, as CSV, the nodes, relationships and properties those statements would make,
 * with the same property types:
 *
 * ```
 * (:CI[:HasCriticality][:RedundancyGroup] {id, key, type, lifecycle, criticality,
 *       minimumMembers, name, …, attributes: JSON, createdAt, updatedAt, revision: 1, retiredAt,
 *       importId, relRevision: its relationships counted})
 *   -[:HAS_VERSION]->(:CIVersion {the CI's properties but id and relRevision, ciId, validFrom,
 *                                 operation, actor, reason, rfcId; changes when the row has
 *                                 them: an imported CI's first version implies its own})
 * (:CI)-[:<TYPE> {id, validFrom, createdBy, reason, rfcId, revision: 1}]->(:CI)
 * (:RelationshipInForce {signature: "<fromId>|<TYPE>|<toId>", id, importId})
 * (:Import {the journal, as its last batch left it})
 * ```
 *
 * Property-less values (Cypher's null) are empty unquoted fields, which the importer leaves
 * unset, as `SET n = $map` does; every string is quoted. Numbers the driver sends from
 * JavaScript are floats (criticality, minimumMembers), literals in the Cypher are integers.
 *
 * The importer stores a node's properties in the order of its file's columns, and the walk
 * procedure reads a CI's properties in that order until it has the ones it needs (ADR 020
 * decision 9): so a CI's id, key, type, lifecycle, criticality and minimumMembers come first,
 * the id as a column of its own (an `id:ID` column's property would be stored last).
 */
export interface InitialLoadFileSet {
  readonly nodes: readonly { label: string; file: string }[];
  readonly relationships: readonly { type: string | null; file: string }[];
  /** Some string holds a line break: the importer must read quoted fields across lines. */
  readonly multilineFields: boolean;
}

/**
 * The data migrations whose result an initial load's files already hold, by id, with why: the
 * new store records them as applied without running them (`migrateInitialStore`). A data
 * migration not named here runs on the new store as on any other.
 */
export const DATA_MIGRATIONS_IN_THE_FILES: ReadonlyMap<string, string> = new Map([
  [
    "0041-relationship-in-force-backfill",
    "signatures.csv holds the RelationshipInForce node of every relationship, with its id",
  ],
  ["0052-users-from-api-tokens", "a store built by the importer holds no API token"],
  [
    "0120-ci-has-ended-relationship-label",
    "an initial load writes relationships in force only: no CI has an ended relationship to label",
  ],
  [
    "0128-ci-criticality-and-redundancy-group-labels",
    "cis.csv labels each CI HasCriticality and RedundancyGroup as import/create-cis does",
  ],
]);

/** A CI's fields, those the walk reads first (see above). */
const CI_PROPS = [
  ["key", "string"],
  ["type", "string"],
  ["lifecycle", "string"],
  ["criticality", "double"],
  ["minimumMembers", "double"],
  ["name", "string"],
  ["version", "string"],
  ["owner", "string"],
  ["responsibleTeam", "string"],
  ["environment", "string"],
  ["attributes", "string"],
] as const;

/**
 * The labels a CI carries besides CI, as `import/create-cis` sets them (ADR 020 decision 9): its
 * `:LABEL` field, the importer's list (`;` between labels), empty for none.
 */
function ciLabels(props: Record<string, unknown>): string {
  const hasCriticality = props.criticality !== null && props.criticality !== undefined;
  const group = props.minimumMembers !== null && props.minimumMembers !== undefined;
  if (hasCriticality) return group ? "HasCriticality;RedundancyGroup" : "HasCriticality";
  return group ? "RedundancyGroup" : "";
}

const CI_STAMPS = [
  ["createdAt", "datetime"],
  ["updatedAt", "datetime"],
  ["revision", "long"],
  ["retiredAt", "datetime"],
  ["importId", "string"],
] as const;

const VERSION_EXTRA = [
  ["ciId", "string"],
  ["validFrom", "datetime"],
  ["operation", "string"],
  ["changes", "string"],
  ["actor", "string"],
  ["reason", "string"],
  ["rfcId", "string"],
] as const;

const RELATIONSHIP_PROPS = [
  ["id", "string"],
  ["validFrom", "datetime"],
  ["createdBy", "string"],
  ["reason", "string"],
  ["rfcId", "string"],
  ["revision", "long"],
] as const;

const JOURNAL_PROPS = [
  ["id", "string"],
  ["source", "string"],
  ["actor", "string"],
  ["reason", "string"],
  ["dryRun", "boolean"],
  ["batchSize", "long"],
  ["position", "string"],
  ["counts", "string"],
  ["errors", "string"],
  ["errorCount", "long"],
  ["digest", "string"],
  ["state", "string"],
  ["batches", "long"],
  ["startedAt", "datetime"],
  ["updatedAt", "datetime"],
] as const;

type Column = readonly [string, string];

function header(columns: readonly Column[]): string {
  return columns.map(([name, type]) => (type === "string" ? name : `${name}:${type}`)).join(",");
}

export interface CiEnd {
  readonly id: string;
  readonly type: string;
  readonly lifecycle: string;
}

/**
 * Where an initial load's writes go: `import/create-cis` and `import/create-relationships`'s
 * parameters, in order. The CSV writer below, in this thread or in a thread of its own.
 */
export interface InitialLoadSink {
  createCis(params: Params): Promise<void>;
  createRelationships(params: Params): Promise<void>;
}

/** The CSV files of one initial load, in `dir`; `close()` completes them. */
export class InitialLoadFiles implements InitialLoadSink {
  private readonly cisPending: WriteStream;
  private readonly versions: WriteStream;
  private readonly hasVersion: WriteStream;
  private readonly relationships: WriteStream;
  private readonly signatureNodes: WriteStream;
  private multiline = false;
  /** CI id → relationships it is an end of (its `relRevision`). */
  private readonly degree = new Map<string, number>();
  private journal: Record<string, unknown> | null = null;

  constructor(readonly dir: string) {
    this.cisPending = createWriteStream(path.join(dir, "cis.pending"), { highWaterMark: 1 << 20 });
    this.versions = this.open("versions.csv", [
      [":ID(version)", "string"],
      ...CI_PROPS,
      ...CI_STAMPS,
      ...VERSION_EXTRA,
    ]);
    this.hasVersion = this.open("has-version.csv", [
      [":START_ID(ci)", "string"],
      [":END_ID(version)", "string"],
    ]);
    this.relationships = this.open("relationships.csv", [
      [":START_ID(ci)", "string"],
      [":END_ID(ci)", "string"],
      [":TYPE", "string"],
      ...RELATIONSHIP_PROPS,
    ]);
    this.signatureNodes = this.open("signatures.csv", [
      ["signature", "string"],
      ["id", "string"],
      ["importId", "string"],
    ]);
  }

  /** `import/create-cis`: the CIs at revision 1 and their first versions. */
  async createCis(params: Params): Promise<void> {
    const rows = params.rows as {
      id: string;
      operation: string;
      /** Absent: the first version implies its change list (every field, from nothing). */
      changes?: string;
      /** The CI's fields, without its id. */
      props: Record<string, unknown>;
    }[];
    const now = String(params.now);
    const importId = this.field(params.importId, "string");
    // what every version of the batch ends with (actor, reason, rfcId), after its own fields
    const versionTail = `${this.field(params.actor, "string")},${this.field(params.reason, "string")},${this.field(params.rfcId, "string")}\n`;
    const cis: string[] = [];
    const versions: string[] = [];
    const links: string[] = [];
    for (const row of rows) {
      const props = row.props;
      const id = this.field(row.id, "string");
      // the CI's columns, the same in its node (after its node id; then its labels and
      // relRevision) and its first version
      let ci = id;
      for (const [name, type] of CI_PROPS) ci += `,${this.field(props[name], type)}`;
      ci += `,${now},${now},1,${props.lifecycle === "RETIRED" ? now : ""},${importId}`;
      cis.push(id, ",", ci, ",", ciLabels(props), "\n");
      versions.push(
        ci,
        `,${id},${now},${this.field(row.operation, "string")},${this.field(row.changes, "string")},`,
        versionTail,
      );
      links.push(id, ",", id, "\n");
    }
    await write(this.cisPending, cis.join(""));
    await write(this.versions, versions.join(""));
    await write(this.hasVersion, links.join(""));
  }

  /** `import/create-relationships`: the relationships and their signature nodes. */
  async createRelationships(params: Params): Promise<void> {
    const rows = params.rows as { id: string; fromId: string; toId: string; type: string }[];
    // what every relationship of the batch ends with, and every signature node
    const tail = `,${String(params.now)},${this.field(params.actor, "string")},${this.field(params.reason, "string")},${this.field(params.rfcId, "string")},1\n`;
    const signatureTail = `,${this.field(params.importId, "string")}\n`;
    const rels: string[] = [];
    const signatures: string[] = [];
    for (const row of rows) {
      const id = this.field(row.id, "string");
      const type = this.field(row.type, "string");
      rels.push(
        `${this.field(row.fromId, "string")},${this.field(row.toId, "string")},${type},${id}`,
        tail,
      );
      const signature = `${row.fromId}|${row.type}|${row.toId}`;
      signatures.push(this.field(signature, "string"), ",", id, signatureTail);
      this.degree.set(row.fromId, (this.degree.get(row.fromId) ?? 0) + 1);
      this.degree.set(row.toId, (this.degree.get(row.toId) ?? 0) + 1);
    }
    await write(this.relationships, rels.join(""));
    await write(this.signatureNodes, signatures.join(""));
  }

  /** `import/create-import` then `import/save-import-progress` per batch: the journal as it ends. */
  setJournal(journal: Record<string, unknown>): void {
    this.journal = journal;
  }

  /** Completes the files (the CIs with their relationship counts, the journal) for the importer. */
  async close(): Promise<InitialLoadFileSet> {
    for (const s of [
      this.cisPending,
      this.versions,
      this.hasVersion,
      this.relationships,
      this.signatureNodes,
    ]) {
      s.end();
      await once(s, "finish");
    }
    const cis = this.open("cis.csv", [
      // the node id, not stored; then the id property, first of the CI's properties
      [":ID(ci)", "string"],
      ["id", "string"],
      ...CI_PROPS,
      ...CI_STAMPS,
      // the header writes a string column's name as it is: the importer's labels column
      [":LABEL", "string"],
      ["relRevision", "long"],
    ]);
    const pending = path.join(this.dir, "cis.pending");
    // each pending record is a CI's CSV line but its last column (relRevision, known only now
    // that every relationship is written): it ends at the first line break outside quotes, and
    // begins with its id, quoted
    let record = "";
    let quotes = 0;
    let chunk: string[] = [];
    let size = 0;
    for await (const text of createReadStream(pending, { encoding: "utf8" })) {
      let from = 0;
      for (let at = 0; at < (text as string).length; at++) {
        const c = (text as string).charCodeAt(at);
        if (c === 34) quotes += 1;
        else if (c === 10 && quotes % 2 === 0) {
          record += (text as string).slice(from, at);
          from = at + 1;
          const degree = this.degree.get(record.slice(1, record.indexOf('"', 1)));
          chunk.push(record, degree === undefined ? ",\n" : `,${String(degree)}\n`);
          size += record.length;
          record = "";
          quotes = 0;
        }
      }
      record += (text as string).slice(from);
      if (size > 1 << 20) {
        await write(cis, chunk.join(""));
        chunk = [];
        size = 0;
      }
    }
    await write(cis, chunk.join(""));
    cis.end();
    await once(cis, "finish");
    await unlink(pending);
    const nodes = [
      { label: "CI", file: path.join(this.dir, "cis.csv") },
      { label: "CIVersion", file: path.join(this.dir, "versions.csv") },
      { label: "RelationshipInForce", file: path.join(this.dir, "signatures.csv") },
    ];
    if (this.journal) {
      const file = this.open("import.csv", JOURNAL_PROPS);
      await write(
        file,
        this.line(
          JOURNAL_PROPS.map(([name]) => this.journal?.[name] ?? null),
          JOURNAL_PROPS,
        ),
      );
      file.end();
      await once(file, "finish");
      nodes.push({ label: "Import", file: path.join(this.dir, "import.csv") });
    }
    return {
      nodes,
      relationships: [
        { type: "HAS_VERSION", file: path.join(this.dir, "has-version.csv") },
        { type: null, file: path.join(this.dir, "relationships.csv") },
      ],
      multilineFields: this.multiline,
    };
  }

  private open(name: string, columns: readonly Column[]): WriteStream {
    const stream = createWriteStream(path.join(this.dir, name), { highWaterMark: 1 << 20 });
    stream.write(`${header(columns)}\n`);
    return stream;
  }

  private line(values: readonly unknown[], columns: readonly Column[]): string {
    let out = "";
    for (let i = 0; i < values.length; i++) {
      if (i > 0) out += ",";
      out += this.field(values[i], columns[i]?.[1] ?? "string");
    }
    return `${out}\n`;
  }

  /**
   * One CSV field: nothing for null (the importer leaves the property unset), a string quoted
   * (its quotes doubled), any other scalar as written.
   */
  private field(value: unknown, type: string): string {
    if (value === null || value === undefined) return "";
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
      throw new Error(`an initial load writes scalars only (got ${typeof value})`);
    if (type === "string") {
      const text = String(value);
      if (!this.multiline && (text.includes("\n") || text.includes("\r"))) this.multiline = true;
      return text.includes('"') ? `"${text.replaceAll('"', '""')}"` : `"${text}"`;
    }
    return String(value);
  }
}

/** The catalogue an initial load validates against, as the catalogue's list statements return it. */
export interface OfflineCatalogue {
  readonly ciTypes: readonly Row[];
  readonly relationshipTypes: readonly Row[];
}

/**
 * The transaction an initial load's batches run in: no Neo4j behind it, only the files. It
 * answers the statements the import's batches send as the empty store would (its catalogue, no
 * CI to lock, the ends and relationships this load wrote so far) and turns its writes into CSV; any other
 * statement is a programming error, said by name.
 */
export class InitialLoadTransaction extends DbTransaction {
  /** CI key → id, type, lifecycle: what the import asks of a relationship's ends. */
  private readonly ends = new Map<string, CiEnd>();

  /**
   * `signatures`: the relationships written, by signature ("fromId|TYPE|toId", the uniqueness
   * the constraint keeps online); a set of fingerprints will do.
   */
  constructor(
    private readonly files: InitialLoadSink,
    private readonly importId: string,
    private readonly catalogue: OfflineCatalogue,
    private readonly signatures: { has(signature: string): boolean; add(signature: string): void },
  ) {
    // no scope: `run` below answers every statement, nothing reaches a driver
    super(undefined as never, () => Promise.reject(new Error("an initial load sends no Cypher")));
  }

  override async run(name: CypherName, params: Params = {}): Promise<Row[]> {
    switch (name) {
      case "catalogue/list-ci-types":
        return this.catalogue.ciTypes.map((type) => ({ type }));
      case "catalogue/list-relationship-types":
        return this.catalogue.relationshipTypes.map((type) => ({ type }));
      case "ci/lock-cis-by-keys":
        // the store is empty, and a key stated twice is refused before its batch
        return [];
      case "import/find-ends-by-keys":
        return (params.keys as string[]).flatMap((key) => {
          const end = this.ends.get(key);
          return end ? [{ key, ...end }] : [];
        });
      case "relationship/find-current-relationships": {
        const { importId } = this;
        return (
          params.rows as { index: number; fromId: string; toId: string; type: string }[]
        ).flatMap((row) =>
          this.signatures.has(`${row.fromId}|${row.type}|${row.toId}`)
            ? [{ index: row.index, id: "", importId }]
            : [],
        );
      }
      case "import/create-cis": {
        const rows = params.rows as { id: string; props: Record<string, unknown> }[];
        for (const { id, props } of rows)
          this.ends.set(String(props.key), {
            id,
            type: String(props.type),
            lifecycle: String(props.lifecycle),
          });
        await this.files.createCis(params);
        return [{ created: rows.length }];
      }
      case "import/create-relationships": {
        const rows = params.rows as { fromId: string; toId: string; type: string }[];
        for (const row of rows) this.signatures.add(`${row.fromId}|${row.type}|${row.toId}`);
        await this.files.createRelationships(params);
        return [{ created: rows.length }];
      }
      default:
        throw new Error(`an initial load cannot run ${name}: it writes only CIs and relationships`);
    }
  }
}

/** A statement as a transaction was asked to run it. */
export interface RecordedStatement {
  readonly name: CypherName;
  readonly params: Params;
}

/**
 * A transaction that runs nothing and keeps what it was asked to run, in order: the last step
 * of an initial load, whose statements (types, audit entry) can only run once the store the
 * importer builds has started, and which writes only (nothing it sends reads a result).
 */
export class RecordingTransaction extends DbTransaction {
  readonly statements: RecordedStatement[] = [];

  constructor() {
    super(undefined as never, () => Promise.reject(new Error("a recording sends no Cypher")));
  }

  override run(name: CypherName, params: Params = {}): Promise<Row[]> {
    this.statements.push({ name, params });
    return Promise.resolve([]);
  }
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (text !== "" && !stream.write(text)) await once(stream, "drain");
}
