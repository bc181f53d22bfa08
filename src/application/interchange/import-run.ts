import { randomUUID } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Actor } from "../../domain/actor.js";
import type { AuditRecord } from "../../domain/audit/audit-entry.js";
import {
  parseCiType,
  parseRelationshipType,
  type CiType,
  type RelationshipType,
} from "../../domain/catalogue/catalogue.js";
import {
  applyPatch,
  checkCiAgainstCatalogue,
  diffCi,
  newCiFields,
  parseCiPatch,
  type CiFields,
  type CiPatch,
} from "../../domain/ci/configuration-item.js";
import { ConflictError, describeValue } from "../../domain/errors.js";
import {
  checkRelationship,
  unknownRelationshipType,
  type Endpoint,
} from "../../domain/relationship/ci-relationship.js";
import { issueMessage, type ValidationIssue } from "../../domain/validation.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import { loadCatalogue, type WriteMeta } from "../../neo4j/catalogue.repository.js";
import { lockCisByKeys, updateCis, type CiWrite } from "../../neo4j/ci.repository.js";
import {
  createImportedCis,
  createImportedRelationships,
  findImportEnds,
  type ImportJournal,
  type NewCiWrite,
  type ImportProgressRecord,
} from "../../neo4j/import.repository.js";
import { findRelationshipsInForce } from "../../neo4j/relationship.repository.js";
import { authorize } from "../authorization.js";
import type { CatalogueService, CataloguePlan } from "../catalogue/catalogue.service.js";
import { newRelationshipId } from "../relationship/relationship-writes.js";
import type { BatchTransactions } from "./batch-transactions.js";
import {
  MAX_LISTED_ERRORS,
  type ImportCounts,
  type ImportError,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  type ImportSection,
} from "./import-result.js";
import type { DocumentEvent } from "./interchange-reader.js";
import { fingerprint, KeyFingerprints } from "./key-fingerprints.js";

/**
 * How many CIs by key the import remembers (id, type, lifecycle) between batches: a bound, not
 * a need (a miss is one more lookup in its batch's query). About 170 bytes each, types and
 * lifecycles shared: 34 MB at most. Least recently used first out, in constant time (a `Map`
 * evicting its first key is not: V8 skips the deleted entries before it on every eviction, which
 * made the import quadratic once it held more CIs than this; ADR 012).
 */
const END_CACHE = 200_000;
/** How many refused keys the import remembers (so that their relationships are not refused twice). */
const REFUSED_MEMORY = 100_000;

/** An import is audited as one entry with its counts; each CI it wrote has its own version. */
function importAuditRecord(result: ImportResult, importId: string): AuditRecord {
  return {
    operation: "IMPORT",
    targetType: "IMPORT",
    targetId: importId,
    targetKey: null,
    before: null,
    after: {
      ciTypes: result.ciTypes,
      relationshipTypes: result.relationshipTypes,
      configurationItems: result.configurationItems,
      relationships: result.relationships,
    },
  };
}

interface Progress {
  position: { configurationItems: number; relationships: number };
  counts: {
    ciTypes: ImportCounts;
    relationshipTypes: ImportCounts;
    configurationItems: ImportCounts;
    relationships: ImportCounts;
  };
  errors: ImportError[];
  errorCount: number;
  digest: [number, number];
}

export function emptyProgress(): ImportProgressRecord {
  return {
    position: JSON.stringify({ configurationItems: 0, relationships: 0 }),
    counts: JSON.stringify({}),
    errors: "[]",
    errorCount: 0,
    digest: "0:0",
  };
}

/** What one batch found and wrote: applied to the run only once its transaction committed. */
interface BatchOutcome {
  readonly section: "configurationItems" | "relationships";
  readonly entries: number;
  readonly counts: ImportCounts;
  readonly errors: ImportError[];
  readonly ends: (Endpoint & { id: string })[];
  readonly refused: [string, number][];
  /** Ids of the CIs the batch created, or signatures of the relationships it created. */
  readonly created: string[];
  /** The batch's own digest, chained with the run's once the batches before it are applied. */
  readonly digest: [number, number];
}

type Catalogue = CataloguePlan["catalogue"];

/**
 * One import's pass over a document's events: types planned first, then CIs and relationships
 * validated and written batch by batch through `BatchTransactions`; what a batch found is applied
 * to the run only once its transaction committed (a retried batch counts once).
 */
export class ImportRun {
  private readonly progress: Progress = {
    position: { configurationItems: 0, relationships: 0 },
    counts: {
      ciTypes: zero(),
      relationshipTypes: zero(),
      configurationItems: zero(),
      relationships: zero(),
    },
    errors: [],
    errorCount: 0,
    digest: [0, 0],
  };
  /** CIs by key (id, type, lifecycle): what relationships need of their ends; bounded, refilled from Neo4j. */
  private readonly ends: LRUCache<string, Endpoint & { id: string }>;
  private readonly interned = new Map<string, string>();
  /** Keys of CI entries this document has refused, with their index: their errors say why. */
  private readonly refusedKeys = new Map<string, number>();
  /** Every CI key the document has stated, to find one stated twice. */
  private readonly seenKeys = new KeyFingerprints();
  /**
   * The CIs this run created (by id) and the relationships it created (by signature), as
   * fingerprints: a relationship between two CIs it created, not among those it created, cannot
   * be in force (only this run knew those CIs until their batch committed; a writer that related
   * them meanwhile makes the create fail on the signature's uniqueness, not pass unseen), so its
   * lookup is skipped. A relationship's fingerprint shared by chance only costs the lookup; a
   * CI's (about 3·10⁻⁸ in a million) could only make a create fail on that uniqueness. Not on
   * resume: what the interrupted run created is not known here.
   */
  private readonly createdCis = new KeyFingerprints();
  private readonly createdSignatures = new KeyFingerprints();
  private resumed = false;
  /** On resume: entries already committed by the interrupted run, and the digest they had. */
  private skip: { configurationItems: number; relationships: number; digest: string } | null = null;
  private plan: CataloguePlan | null = null;
  private readonly typeEntries: { section: "ciTypes" | "relationshipTypes"; entry: unknown }[] = [];
  private phase: "types" | "configurationItems" | "relationships" = "types";
  private readonly outOfOrder = new Set<string>();
  private pending: { index: number; entry: unknown }[] = [];
  /**
   * The batches being written, oldest first, while the next one is read and checked: one at a
   * time, or up to `writers` CI batches (ADR 012 decision 13). Each resolves once its batch
   * committed and was applied to the run.
   */
  private inFlight: Promise<void>[] = [];
  /** How many CI batches may be in flight at once (relationship batches: one). */
  private readonly writers: number;
  /** A batch in flight has failed: the run starts no other. */
  private failed = false;

  constructor(
    private readonly tx: BatchTransactions,
    private readonly catalogueService: CatalogueService,
    private readonly meta: WriteMeta,
    readonly batchSize: number,
    private readonly opts: ImportOptions,
    private readonly totals: Partial<Record<ImportProgress["section"], number>> | null,
  ) {
    this.ends = new LRUCache({ max: opts.endCache ?? END_CACHE });
    this.writers = Math.max(1, opts.writers ?? 1);
  }

  resumeFrom(journal: ImportJournal): void {
    this.resumed = true;
    const position = JSON.parse(journal.position) as Progress["position"];
    this.skip = { ...position, digest: journal.digest };
    this.progress.position = { ...position };
    const counts = JSON.parse(journal.counts) as Partial<Progress["counts"]>;
    this.progress.counts.configurationItems = counts.configurationItems ?? zero();
    this.progress.counts.relationships = counts.relationships ?? zero();
    this.progress.errors = JSON.parse(journal.errors) as ImportError[];
    this.progress.errorCount = journal.errorCount;
  }

  async execute(
    events: Iterable<DocumentEvent> | AsyncIterable<DocumentEvent>,
    dryRun: boolean,
    actor: Actor,
  ): Promise<ImportResult> {
    try {
      await this.readAll(events, actor);
    } catch (e) {
      // no write left running behind a failure: the caller may undo or stop at once
      await this.settle().catch(() => undefined);
      throw e;
    }
    const ok = this.progress.errorCount === 0;
    const result: ImportResult = {
      dryRun,
      applied: ok && !dryRun,
      ...this.progress.counts,
      errors: this.progress.errors,
      errorCount: this.progress.errorCount,
    };
    if (result.applied) {
      await this.tx.finish(async (tx) => {
        await this.catalogueService.write(tx, this.plan as CataloguePlan, this.meta);
        if (this.opts.audit !== false) {
          await recordAuditEntries(
            tx,
            [importAuditRecord(result, this.meta.importId ?? randomUUID())],
            this.meta,
          );
        }
      });
    }
    return result;
  }

  /** Reads every event, writing batch by batch; every batch has committed when it returns. */
  private async readAll(
    events: Iterable<DocumentEvent> | AsyncIterable<DocumentEvent>,
    actor: Actor,
  ): Promise<void> {
    for await (const event of events) {
      if (event.kind === "issue") {
        this.add({
          section: "document",
          index: null,
          entry: null,
          field: event.field,
          message: event.message,
        });
        continue;
      }
      const { section } = event;
      if (section === "ciTypes" || section === "relationshipTypes") {
        if (this.phase !== "types")
          this.refuseOrder(section, "configurationItems and relationships");
        else this.typeEntries.push({ section, entry: event.entry });
        continue;
      }
      if (this.phase === "types") await this.planTypes(actor);
      if (section === "configurationItems" && this.phase === "relationships") {
        this.refuseOrder(section, "relationships");
        continue;
      }
      if (section === "relationships" && this.phase === "configurationItems") {
        await this.flush();
      }
      this.phase = section;
      if (this.skipped(section, event.index, event.entry)) continue;
      this.pending.push({ index: event.index, entry: event.entry });
      if (this.pending.length >= this.batchSize) await this.flush();
    }
    if (this.phase === "types") await this.planTypes(actor);
    this.checkDigest();
    await this.flush();
    await this.settle();
  }

  private refuseOrder(section: string, before: string): void {
    if (this.outOfOrder.has(section)) return;
    this.outOfOrder.add(section);
    this.add({
      section: "document",
      index: null,
      entry: null,
      field: section,
      message: `${section}: must come before ${before} (a document is read as it streams, in the order ciTypes, relationshipTypes, configurationItems, relationships)`,
    });
  }

  /** On resume: an entry the interrupted run committed is not written again, only digested. */
  private skipped(
    section: "configurationItems" | "relationships",
    index: number,
    entry: unknown,
  ): boolean {
    if (!this.skip) return false;
    if (index >= this.skip[section]) {
      this.checkDigest();
      return false;
    }
    this.digestEntry(this.progress.digest, section, index, entry);
    if (section === "configurationItems" && isObject(entry) && typeof entry.key === "string") {
      this.seenKeys.add(entry.key);
    }
    return true;
  }

  /** Once past what the interrupted run committed: the same entries, or a refusal. */
  private checkDigest(): void {
    if (!this.skip) return;
    const [a, b] = this.progress.digest;
    if (`${String(a)}:${String(b)}` !== this.skip.digest) {
      throw new ConflictError(
        `this is not the document import ${String(this.meta.importId)} was started with ` +
          "(the entries it committed differ): resume with the same file, or abort it",
        { importId: this.meta.importId },
      );
    }
    this.skip = null;
  }

  private digestEntry(
    into: [number, number],
    section: string,
    index: number,
    entry: unknown,
  ): void {
    const [h, l] = fingerprint(`${section}\u0000${String(index)}\u0000${JSON.stringify(entry)}`);
    into[0] = (into[0] ^ h) >>> 0;
    into[1] = (into[1] ^ l) >>> 0;
  }

  private async planTypes(actor: Actor): Promise<void> {
    const ciTypes = this.parseAll("ciTypes", (e) => parseCiType(e as never));
    const relTypes = this.parseAll("relationshipTypes", (e) => parseRelationshipType(e as never));
    const stored = await this.tx.read((tx) => loadCatalogue(tx));
    const plan = this.catalogueService.plan(stored, ciTypes, relTypes);
    for (const issue of plan.issues) this.fail(sectionOfSubject(issue.subject), null, issue);
    this.progress.counts.ciTypes = countsOf(plan.changes.ciTypes);
    this.progress.counts.relationshipTypes = countsOf(plan.changes.relationshipTypes);
    // types are ADMIN's: an EDITOR's document may restate them unchanged (an export does), not change them
    const { ciTypes: c, relationshipTypes: r } = plan.changes;
    if (c.created.length + c.updated.length + r.created.length + r.updated.length > 0) {
      authorize(actor, "defining types through an import", "ADMIN");
    }
    this.plan = plan;
    // the types are part of what a resume checks is the same document
    for (const [i, t] of this.typeEntries.entries()) {
      this.digestEntry(this.progress.digest, t.section, i, t.entry);
    }
    this.typeEntries.length = 0;
    this.phase = "configurationItems";
  }

  private parseAll<T extends CiType | RelationshipType>(
    section: "ciTypes" | "relationshipTypes",
    parse: (entry: unknown) => { type: T | null; issues: ValidationIssue[] },
  ): T[] {
    const out: T[] = [];
    const seen = new Set<string>();
    let index = 0;
    for (const { section: s, entry } of this.typeEntries) {
      if (s !== section) continue;
      const at = index++;
      if (!isObject(entry)) {
        this.notAnObject(section, at, entry);
        continue;
      }
      const { type, issues } = parse(entry);
      for (const issue of issues) this.fail(section, at, issue);
      if (!type) continue;
      if (seen.has(type.name)) {
        this.fail(section, at, {
          subject: type.name,
          field: "name",
          value: type.name,
          rule: "is defined twice in the document",
        });
        continue;
      }
      seen.add(type.name);
      out.push(type);
    }
    return out;
  }

  /**
   * Checks the pending batch while the batch before it is written (Neo4j writing one, Node
   * checking the next: ADR 012 decision 10), then waits for that write and starts this one's.
   * Batches still commit one after another, in order, each applied to the run before the next
   * one's transaction begins.
   */
  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const section = this.phase as "configurationItems" | "relationships";
    const catalogue = (this.plan as CataloguePlan).catalogue;
    const write =
      section === "configurationItems"
        ? this.prepareCis(batch, catalogue)
        : this.prepareRelationships(batch, catalogue);
    // a relationship batch needs every batch before it applied (ends, created CIs and
    // relationships); a CI batch only needs the keys stated before it, known at once
    const limit = section === "configurationItems" ? this.writers : 1;
    while (this.inFlight.length >= limit) await this.inFlight.shift();
    // a batch in flight failed: no new one behind it (the failure is thrown here)
    if (this.failed) await this.settle();
    const writing = write(this.inFlight.at(-1) ?? null).then((outcome) => {
      this.apply(outcome);
      this.opts.onProgress?.({
        section,
        done: this.progress.position[section],
        total: this.totals?.[section] ?? null,
      });
    });
    // its failure is thrown where it is awaited (a later flush, or the end of the run)
    writing.catch(() => {
      this.failed = true;
    });
    this.inFlight.push(writing);
  }

  /**
   * Waits for every batch being written; throws the first failure in the document's order (a
   * batch after a failed one rolls back without committing: `EarlierBatchFailed`).
   */
  private async settle(): Promise<void> {
    const writing = this.inFlight;
    this.inFlight = [];
    const results = await Promise.allSettled(writing);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }

  /** The run's digest so far chained with a batch's own (XOR: the order of entries is kept by their index). */
  private chained(own: readonly [number, number]): [number, number] {
    const [a, b] = this.progress.digest;
    return [(a ^ own[0]) >>> 0, (b ^ own[1]) >>> 0];
  }

  /** The run's progress after `outcome`, as the journal keeps it (computed before it commits). */
  private record(outcome: BatchOutcome): ImportProgressRecord {
    const p = this.progress;
    const counts = {
      ...p.counts,
      [outcome.section]: add(p.counts[outcome.section], outcome.counts),
    };
    const errors = [...p.errors, ...outcome.errors].slice(0, MAX_LISTED_ERRORS);
    return {
      position: JSON.stringify({
        ...p.position,
        [outcome.section]: p.position[outcome.section] + outcome.entries,
      }),
      counts: JSON.stringify(counts),
      errors: JSON.stringify(errors),
      errorCount: p.errorCount + outcome.errors.length,
      digest: this.chained(outcome.digest).map(String).join(":"),
    };
  }

  private apply(outcome: BatchOutcome): void {
    const p = this.progress;
    p.counts[outcome.section] = add(p.counts[outcome.section], outcome.counts);
    p.position[outcome.section] += outcome.entries;
    for (const e of outcome.errors) this.add(e);
    p.digest = this.chained(outcome.digest);
    for (const end of outcome.ends) this.remember(end);
    for (const [key, index] of outcome.refused) {
      if (this.refusedKeys.size < REFUSED_MEMORY) this.refusedKeys.set(key, index);
    }
    const created =
      outcome.section === "configurationItems" ? this.createdCis : this.createdSignatures;
    for (const id of outcome.created) created.add(id);
  }

  private remember(end: Endpoint & { id: string }): void {
    // one string per type and lifecycle for all the cache, not one per CI
    const shared = { ...end, type: this.intern(end.type), lifecycle: this.intern(end.lifecycle) };
    this.ends.set(end.key, shared);
  }

  private intern(text: string): string {
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    if (this.interned.size < 10_000) this.interned.set(text, text);
    return text;
  }

  /**
   * Checks a batch of CI entries on their own (what needs no earlier batch), and returns the
   * batch's write, to run once every earlier batch has committed: the keys stated before are
   * checked then.
   */
  private prepareCis(
    batch: { index: number; entry: unknown }[],
    catalogue: Catalogue,
  ): (after: Promise<void> | null) => Promise<BatchOutcome> {
    const errors: ImportError[] = [];
    const refused: [string, number][] = [];
    const own: [number, number] = [0, 0];
    const inBatch = new Set<string>();
    const parsed: { index: number; key: string; patch: CiPatch }[] = [];
    for (const { index, entry } of batch) {
      this.digestEntry(own, "configurationItems", index, entry);
      if (!isObject(entry)) {
        errors.push(notAnObject("configurationItems", index, entry));
        continue;
      }
      const subject = typeof entry.key === "string" ? entry.key : null;
      const { patch, issues } = parseCiPatch(entry, subject, { unknownToAttributes: true });
      for (const f of ["key", "name", "type"] as const) {
        if (patch[f] === undefined && !issues.some((i) => i.field === f)) {
          issues.push({ subject, field: f, value: undefined, rule: "is required" });
        }
      }
      for (const issue of issues) errors.push(failure("configurationItems", index, issue));
      if (issues.length > 0 && subject !== null) refused.push([subject, index]);
      if (issues.length > 0 || patch.key === undefined) continue;
      if (inBatch.has(patch.key)) {
        errors.push(keyTwice("configurationItems", index, subject, patch.key));
        continue;
      }
      inBatch.add(patch.key);
      parsed.push({ index, key: patch.key, patch });
    }
    return (after) => this.writeCis(parsed, errors, refused, own, batch.length, catalogue, after);
  }

  private writeCis(
    checked: readonly { index: number; key: string; patch: CiPatch }[],
    errors: ImportError[],
    refused: [string, number][],
    own: [number, number],
    entries: number,
    catalogue: Catalogue,
    after: Promise<void> | null,
  ): Promise<BatchOutcome> {
    const parsed: { index: number; key: string; patch: CiPatch }[] = [];
    for (const p of checked) {
      if (this.seenKeys.has(p.key)) {
        errors.push(keyTwice("configurationItems", p.index, p.key, p.key));
        continue;
      }
      parsed.push(p);
    }
    // seen from now on: a batch written at the same time as this one finds them stated (a run
    // whose batch fails stops there, so no key is kept for a batch that does not commit)
    for (const p of parsed) this.seenKeys.add(p.key);
    return this.tx.batch(
      "configurationItems",
      this.progress.position.configurationItems,
      async (tx) => {
        const existing = new Map(
          (
            await lockCisByKeys(
              tx,
              parsed.map((p) => p.key),
            )
          ).map((c) => [c.key, c]),
        );
        const counts = zero();
        const found: ImportError[] = [];
        const refusedHere: [string, number][] = [];
        const ends: (Endpoint & { id: string })[] = [];
        const creates: NewCiWrite[] = [];
        const updates: CiWrite[] = [];
        for (const p of parsed) {
          const current = existing.get(p.key);
          const fields: CiFields | null = current
            ? applyPatch(current, wholeAttributes(p.patch))
            : newCiFields(p.patch, p.key).fields;
          if (!fields) continue;
          const issues = checkCiAgainstCatalogue(fields, catalogue, p.key);
          for (const issue of issues) found.push(failure("configurationItems", p.index, issue));
          if (issues.length > 0) {
            refusedHere.push([p.key, p.index]);
            continue;
          }
          const id = current?.id ?? randomUUID();
          ends.push({ id, key: fields.key, type: fields.type, lifecycle: fields.lifecycle });
          if (!current) {
            // a new CI's first version implies its change list (every field, from nothing)
            counts.created += 1;
            creates.push({ id, fields });
            continue;
          }
          const changes = diffCi(current, fields);
          if (changes.length === 0) {
            counts.unchanged += 1;
          } else {
            counts.updated += 1;
            updates.push({ id, fields, operation: "IMPORT", changes });
          }
        }
        // written even after an error elsewhere, so that later relationships resolve their ends
        // as they would: a refused document is rolled back (undone) as a whole at the end
        await createImportedCis(tx, creates, this.meta);
        await updateCis(tx, updates, this.meta);
        return {
          section: "configurationItems" as const,
          entries,
          counts,
          errors: [...errors, ...found].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)),
          ends,
          refused: [...refused, ...refusedHere],
          created: creates.map((c) => c.id),
          digest: own,
        };
      },
      (outcome) => this.record(outcome),
      after,
    );
  }

  /**
   * Checks a batch of relationship entries on their own, and returns the batch's write, to run
   * once every earlier batch has committed (their ends are known then).
   */
  private prepareRelationships(
    batch: { index: number; entry: unknown }[],
    catalogue: Catalogue,
  ): (after: Promise<void> | null) => Promise<BatchOutcome> {
    const own: [number, number] = [0, 0];
    const early: ImportError[] = [];
    const rels: {
      index: number;
      entry: Record<string, unknown>;
      label: string;
      required: ValidationIssue[];
      unknown: ValidationIssue[];
    }[] = [];
    for (const { index, entry } of batch) {
      this.digestEntry(own, "relationships", index, entry);
      if (!isObject(entry)) {
        early.push(notAnObject("relationships", index, entry));
        continue;
      }
      const label = `${String(entry.from)} ${String(entry.type)} ${String(entry.to)}`;
      const required: ValidationIssue[] = [];
      for (const f of ["from", "to", "type"] as const) {
        if (typeof entry[f] !== "string" || entry[f] === "")
          required.push({
            subject: label,
            field: f,
            value: entry[f],
            rule: "is required (a string)",
          });
      }
      const unknown = Object.keys(entry)
        .filter((k) => !["from", "to", "type"].includes(k))
        .map((k) => ({
          subject: label,
          field: k,
          value: entry[k],
          rule: "is not a relationship field (from, to, type)",
        }));
      rels.push({ index, entry, label, required, unknown });
    }
    return (after) => this.writeRelationships(rels, early, own, batch.length, catalogue, after);
  }

  private writeRelationships(
    rels: readonly {
      index: number;
      entry: Record<string, unknown>;
      label: string;
      required: ValidationIssue[];
      unknown: ValidationIssue[];
    }[],
    early: ImportError[],
    own: [number, number],
    entries: number,
    catalogue: Catalogue,
    after: Promise<void> | null,
  ): Promise<BatchOutcome> {
    const missing = new Set<string>();
    for (const { entry } of rels)
      for (const k of [entry.from, entry.to])
        if (typeof k === "string" && !this.ends.has(k) && !this.refusedKeys.has(k)) missing.add(k);

    return this.tx.batch(
      "relationships",
      this.progress.position.relationships,
      async (tx) => {
        const resolved = new Map<string, Endpoint & { id: string }>();
        for (const ci of await findImportEnds(tx, [...missing])) resolved.set(ci.key, ci);
        const end = (k: unknown) =>
          typeof k === "string" ? (this.ends.get(k) ?? resolved.get(k)) : undefined;
        const found: ImportError[] = [...early];
        const inBatch = new Set<string>();
        const candidates: {
          index: number;
          fromId: string;
          toId: string;
          type: string;
          label: string;
        }[] = [];
        for (const r of rels) {
          const { entry, label } = r;
          const issues: ValidationIssue[] = [...r.required];
          for (const f of ["from", "to"] as const) {
            const k = entry[f];
            // an end this document refused already has its own error: no second one here
            if (typeof k !== "string" || this.refusedKeys.has(k)) continue;
            if (!end(k)) {
              issues.push({
                subject: label,
                field: f,
                value: k,
                rule: "is not the key of a CI in the document or the CMDB",
              });
            }
          }
          issues.push(...r.unknown);
          const from = end(entry.from);
          const to = end(entry.to);
          const type = entry.type as string;
          // with an end refused, what can still be checked is the relationship's own type
          if (issues.length === 0 && (!from || !to) && !catalogue.relationshipType(type)) {
            issues.push(unknownRelationshipType(type, label));
          }
          if (issues.length === 0 && from && to) {
            const broken = checkRelationship(type, from, to, catalogue, label, {
              allowRetiredEnds: true,
            });
            const triple = `${from.id}|${type}|${to.id}`;
            if (broken.length === 0 && inBatch.has(triple)) broken.push(twice(label, type));
            inBatch.add(triple);
            issues.push(...broken);
            if (broken.length === 0)
              candidates.push({ index: r.index, fromId: from.id, toId: to.id, type, label });
          }
          for (const issue of issues) found.push(failure("relationships", r.index, issue));
        }
        // one index seek each, whatever the degree of the ends (ADR 012); none where it cannot
        // find one (between CIs this run created, not created by it)
        const inForce = await findRelationshipsInForce(
          tx,
          candidates.filter((c) => !this.cannotBeInForce(c)),
        );
        const counts = zero();
        const creates: typeof candidates = [];
        for (const c of candidates) {
          const current = inForce.get(c.index);
          if (!current) {
            creates.push(c);
            counts.created += 1;
          } else if (current.importId !== null && current.importId === this.meta.importId) {
            // written by an earlier batch of this very document
            found.push(failure("relationships", c.index, twice(c.label, c.type)));
          } else {
            counts.unchanged += 1;
          }
        }
        await createImportedRelationships(
          tx,
          creates.map((c) => ({
            id: newRelationshipId(c.fromId),
            fromId: c.fromId,
            toId: c.toId,
            type: c.type,
          })),
          this.meta,
        );
        return {
          section: "relationships" as const,
          entries,
          counts,
          errors: found.sort((a, b) => (a.index ?? 0) - (b.index ?? 0)),
          ends: [...resolved.values()],
          refused: [],
          created: creates.map((c) => `${c.fromId}|${c.type}|${c.toId}`),
          digest: own,
        };
      },
      (outcome) => this.record(outcome),
      after,
    );
  }

  private cannotBeInForce(c: { fromId: string; toId: string; type: string }): boolean {
    return (
      !this.resumed &&
      this.createdCis.has(c.fromId) &&
      this.createdCis.has(c.toId) &&
      !this.createdSignatures.has(`${c.fromId}|${c.type}|${c.toId}`)
    );
  }

  private notAnObject(section: ImportSection, index: number, entry: unknown): void {
    this.add(notAnObject(section, index, entry));
  }

  private fail(section: ImportSection, index: number | null, issue: ValidationIssue): void {
    this.add(failure(section, index, issue));
  }

  private add(error: ImportError): void {
    this.progress.errorCount += 1;
    if (this.progress.errors.length < MAX_LISTED_ERRORS) this.progress.errors.push(error);
  }
}

function twice(label: string, type: string): ValidationIssue {
  return {
    subject: label,
    field: "type",
    value: type,
    rule: "this relationship appears twice in the document",
  };
}

function keyTwice(
  section: ImportSection,
  index: number,
  subject: string | null,
  key: string,
): ImportError {
  return failure(section, index, {
    subject,
    field: "key",
    value: key,
    rule: "appears twice in the document",
  });
}

function notAnObject(section: ImportSection, index: number, entry: unknown): ImportError {
  return {
    section,
    index,
    entry: null,
    field: section,
    message: `must be an object (got ${describeValue(entry)})`,
  };
}

function failure(
  section: ImportSection,
  index: number | null,
  issue: ValidationIssue,
): ImportError {
  return {
    section,
    index,
    entry: issue.subject,
    field: issue.field,
    message: issueMessage(issue),
  };
}

function zero(): ImportCounts {
  return { created: 0, updated: 0, unchanged: 0 };
}

function add(a: ImportCounts, b: ImportCounts): ImportCounts {
  return {
    created: a.created + b.created,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
  };
}

function countsOf(c: { created: string[]; updated: string[]; unchanged: string[] }): ImportCounts {
  return { created: c.created.length, updated: c.updated.length, unchanged: c.unchanged.length };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sectionOfSubject(subject: string | null): ImportSection {
  return subject?.startsWith("relationship type") ? "relationshipTypes" : "ciTypes";
}

/**
 * An entry describes the CI's whole state as its source knows it: the attributes it states
 * replace the stored map (an entry that states none leaves them), unlike an update's merge.
 */
function wholeAttributes(patch: CiPatch): CiPatch {
  const { attributes, ...rest } = patch;
  return attributes === undefined ? patch : { ...rest, replaceAttributes: attributes };
}
