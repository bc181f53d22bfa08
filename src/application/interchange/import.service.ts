import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
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
import type { AuditRecord } from "../../domain/audit/audit-entry.js";
import { describeValue } from "../../domain/errors.js";
import {
  checkRelationship,
  unknownRelationshipType,
  type Endpoint,
} from "../../domain/relationship/ci-relationship.js";
import { issueMessage, type ValidationIssue } from "../../domain/validation.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import {
  createCis,
  findCisByKeys,
  lockCisByKeys,
  updateCis,
  type CiWrite,
} from "../../neo4j/ci.repository.js";
import type { WriteMeta } from "../../neo4j/catalogue.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import {
  createRelationships,
  findCurrentRelationships,
} from "../../neo4j/relationship.repository.js";
import { authorize } from "../authorization.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import { newRelationshipId } from "../relationship/relationship-writes.js";
import { writeMeta } from "../write-meta.js";

export type ImportSection =
  "document" | "ciTypes" | "relationshipTypes" | "configurationItems" | "relationships";

export interface ImportError {
  readonly section: ImportSection;
  /** The entry's position in its section (0-based), or null for the document as a whole. */
  readonly index: number | null;
  /** The entry's key or name, as the document gives it. */
  readonly entry: string | null;
  readonly field: string;
  readonly message: string;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult {
  readonly dryRun: boolean;
  /** True when the document was written (no errors, not a dry run). */
  readonly applied: boolean;
  readonly ciTypes: ImportCounts;
  readonly relationshipTypes: ImportCounts;
  readonly configurationItems: ImportCounts;
  readonly relationships: ImportCounts;
  /** Every error, up to MAX_LISTED_ERRORS of them; `errorCount` counts them all. */
  readonly errors: ImportError[];
  readonly errorCount: number;
}

export interface ImportProgress {
  readonly section: "configurationItems" | "relationships";
  readonly done: number;
  readonly total: number;
}

export interface ImportOptions {
  readonly dryRun?: boolean;
  readonly batchSize?: number;
  readonly reason?: string | null;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export const MAX_LISTED_ERRORS = 1000;
const DEFAULT_BATCH = 2000;
/** A document is one transaction: a large one may take minutes, beyond the server's default timeout. */
const IMPORT_TIMEOUT_MS = 60 * 60 * 1000;

/** Thrown inside the transaction to roll it back (errors, or a dry run) while keeping the result. */
class RollBack extends Error {
  constructor(readonly result: ImportResult) {
    super("import rolled back");
  }
}

/**
 * Imports an interchange document: upsert by key, all-or-nothing (one transaction, written in
 * batches), idempotent (what is already so is counted unchanged and not written again). A dry
 * run does all of it, then rolls back: its counts are what a real run would do.
 */
export class ImportService {
  constructor(private readonly catalogue: CatalogueService) {}

  async importDocument(
    scope: DbScope,
    actor: Actor,
    document: unknown,
    opts: ImportOptions = {},
  ): Promise<ImportResult> {
    authorize(actor, "importing configuration", "EDITOR");
    const dryRun = opts.dryRun ?? false;
    const meta = writeMeta(actor, opts.reason ?? "import");
    try {
      return await scope.writeTransaction(
        async (tx) => {
          const result = await this.importWithin(tx, actor, document, meta, { ...opts, dryRun });
          if (!result.applied) throw new RollBack(result);
          await recordAuditEntries(tx, [importAuditRecord(result)], meta);
          return result;
        },
        { timeoutMs: IMPORT_TIMEOUT_MS },
      );
    } catch (e) {
      if (e instanceof RollBack) return e.result;
      throw e;
    }
  }

  /**
   * The import's write path inside the caller's transaction (discovery writes through it):
   * validates and writes the document, and returns what it did. It neither audits nor rolls
   * back: with errors (`applied` false) the caller must roll its transaction back.
   */
  async importWithin(
    tx: DbTransaction,
    actor: Actor,
    document: unknown,
    meta: WriteMeta,
    opts: ImportOptions = {},
  ): Promise<ImportResult> {
    const run = new ImportRun(
      tx,
      this.catalogue,
      meta,
      opts.batchSize ?? DEFAULT_BATCH,
      opts.onProgress,
    );
    return run.execute(document, opts.dryRun ?? false, actor);
  }
}

/** An import is audited as one entry with its counts; each CI it wrote has its own version. */
function importAuditRecord(result: ImportResult): AuditRecord {
  return {
    operation: "IMPORT",
    targetType: "IMPORT",
    targetId: randomUUID(),
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

interface Sections {
  ciTypes: unknown[];
  relationshipTypes: unknown[];
  configurationItems: unknown[];
  relationships: unknown[];
}

class ImportRun {
  private readonly errors: ImportError[] = [];
  private errorCount = 0;
  private readonly counts = {
    ciTypes: zero(),
    relationshipTypes: zero(),
    configurationItems: zero(),
    relationships: zero(),
  };
  /** Every CI the document names or reaches, by key: what relationships need of their ends. */
  private readonly ends = new Map<string, Endpoint & { id: string }>();
  /** Keys of CI entries this document has refused, with their index: their errors say why. */
  private readonly refusedKeys = new Map<string, number>();
  private readonly createdIds = new Set<string>();

  constructor(
    private readonly tx: DbTransaction,
    private readonly catalogueService: CatalogueService,
    private readonly meta: ReturnType<typeof writeMeta>,
    private readonly batchSize: number,
    private readonly onProgress: ImportOptions["onProgress"],
  ) {}

  async execute(document: unknown, dryRun: boolean, actor: Actor): Promise<ImportResult> {
    const sections = this.sections(document);
    if (sections) {
      const ciTypes = this.parseAll(sections.ciTypes, "ciTypes", (e) => parseCiType(e as never));
      const relTypes = this.parseAll(sections.relationshipTypes, "relationshipTypes", (e) =>
        parseRelationshipType(e as never),
      );
      const plan = this.catalogueService.plan(await loadCatalogue(this.tx), ciTypes, relTypes);
      for (const issue of plan.issues) this.fail(sectionOfSubject(issue.subject), null, issue);
      this.counts.ciTypes = countsOf(plan.changes.ciTypes);
      this.counts.relationshipTypes = countsOf(plan.changes.relationshipTypes);
      // types are ADMIN's: an EDITOR's document may restate them unchanged (an export does), not change them
      const { ciTypes: c, relationshipTypes: r } = plan.changes;
      if (c.created.length + c.updated.length + r.created.length + r.updated.length > 0) {
        authorize(actor, "defining types through an import", "ADMIN");
      }
      if (this.errorCount === 0) await this.catalogueService.write(this.tx, plan, this.meta);
      await this.importCis(sections.configurationItems, plan.catalogue);
      await this.importRelationships(sections.relationships, plan.catalogue);
    }
    const ok = this.errorCount === 0;
    return {
      dryRun,
      applied: ok && !dryRun,
      ...this.counts,
      errors: this.errors,
      errorCount: this.errorCount,
    };
  }

  private sections(document: unknown): Sections | null {
    if (typeof document !== "object" || document === null || Array.isArray(document)) {
      this.add({
        section: "document",
        index: null,
        entry: null,
        field: "document",
        message: `must be a JSON object (got ${describeValue(document)})`,
      });
      return null;
    }
    const doc = document as Record<string, unknown>;
    const out: Sections = {
      ciTypes: [],
      relationshipTypes: [],
      configurationItems: [],
      relationships: [],
    };
    for (const name of Object.keys(out) as (keyof Sections)[]) {
      const value = doc[name];
      if (value === undefined || value === null) continue;
      if (!Array.isArray(value)) {
        this.add({
          section: "document",
          index: null,
          entry: null,
          field: name,
          message: `${name}: must be a list (got ${describeValue(value)})`,
        });
      } else {
        out[name] = value;
      }
    }
    for (const name of Object.keys(doc)) {
      if (!(name in out)) {
        this.add({
          section: "document",
          index: null,
          entry: null,
          field: name,
          message: `${name}: is not a section of the interchange document (ciTypes, relationshipTypes, configurationItems, relationships)`,
        });
      }
    }
    return this.errorCount === 0 ? out : null;
  }

  private parseAll<T extends CiType | RelationshipType>(
    entries: unknown[],
    section: "ciTypes" | "relationshipTypes",
    parse: (entry: unknown) => { type: T | null; issues: ValidationIssue[] },
  ): T[] {
    const out: T[] = [];
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      if (!isObject(entry)) {
        this.notAnObject(section, index, entry);
        return;
      }
      const { type, issues } = parse(entry);
      for (const issue of issues) this.fail(section, index, issue);
      if (!type) return;
      if (seen.has(type.name)) {
        this.fail(section, index, {
          subject: type.name,
          field: "name",
          value: type.name,
          rule: "is defined twice in the document",
        });
        return;
      }
      seen.add(type.name);
      out.push(type);
    });
    return out;
  }

  private async importCis(
    entries: unknown[],
    catalogue: ReturnType<CatalogueService["plan"]>["catalogue"],
  ): Promise<void> {
    const seen = new Set<string>();
    for (let start = 0; start < entries.length; start += this.batchSize) {
      const batch = entries.slice(start, start + this.batchSize);
      const parsed: {
        index: number;
        key: string;
        patch: ReturnType<typeof parseCiPatch>["patch"];
      }[] = [];
      batch.forEach((entry, offset) => {
        const index = start + offset;
        if (!isObject(entry)) {
          this.notAnObject("configurationItems", index, entry);
          return;
        }
        const subject = typeof entry.key === "string" ? entry.key : null;
        const { patch, issues } = parseCiPatch(entry, subject, { unknownToAttributes: true });
        for (const f of ["key", "name", "type"] as const) {
          if (patch[f] === undefined && !issues.some((i) => i.field === f)) {
            issues.push({ subject, field: f, value: undefined, rule: "is required" });
          }
        }
        for (const issue of issues) this.fail("configurationItems", index, issue);
        if (issues.length > 0 && subject !== null) this.refusedKeys.set(subject, index);
        if (issues.length > 0 || patch.key === undefined) return;
        if (seen.has(patch.key)) {
          this.fail("configurationItems", index, {
            subject,
            field: "key",
            value: patch.key,
            rule: "appears twice in the document",
          });
          return;
        }
        seen.add(patch.key);
        parsed.push({ index, key: patch.key, patch });
      });

      const existing = new Map(
        (
          await lockCisByKeys(
            this.tx,
            parsed.map((p) => p.key),
          )
        ).map((c) => [c.key, c]),
      );
      const creates: CiWrite[] = [];
      const updates: CiWrite[] = [];
      for (const p of parsed) {
        const current = existing.get(p.key);
        const fields: CiFields | null = current
          ? applyPatch(current, wholeAttributes(p.patch))
          : newCiFields(p.patch, p.key).fields;
        if (!fields) continue;
        const issues = checkCiAgainstCatalogue(fields, catalogue, p.key);
        for (const issue of issues) this.fail("configurationItems", p.index, issue);
        if (issues.length > 0) {
          this.refusedKeys.set(p.key, p.index);
          continue;
        }
        const id = current?.id ?? randomUUID();
        this.ends.set(fields.key, {
          id,
          key: fields.key,
          type: fields.type,
          lifecycle: fields.lifecycle,
        });
        const changes = diffCi(current ?? null, fields);
        if (current && changes.length === 0) {
          this.counts.configurationItems.unchanged += 1;
        } else if (current) {
          this.counts.configurationItems.updated += 1;
          updates.push({ id, fields, operation: "IMPORT", changes });
        } else {
          this.counts.configurationItems.created += 1;
          this.createdIds.add(id);
          creates.push({ id, fields, operation: "IMPORT", changes });
        }
      }
      if (this.errorCount === 0) {
        await createCis(this.tx, creates, this.meta);
        await updateCis(this.tx, updates, this.meta);
      }
      this.onProgress?.({
        section: "configurationItems",
        done: Math.min(start + this.batchSize, entries.length),
        total: entries.length,
      });
    }
  }

  private async importRelationships(
    entries: unknown[],
    catalogue: ReturnType<CatalogueService["plan"]>["catalogue"],
  ): Promise<void> {
    const seen = new Set<string>();
    for (let start = 0; start < entries.length; start += this.batchSize) {
      const batch = entries.slice(start, start + this.batchSize);
      await this.resolveEnds(batch);
      const candidates: { index: number; fromId: string; toId: string; type: string }[] = [];
      batch.forEach((entry, offset) => {
        const index = start + offset;
        if (!isObject(entry)) {
          this.notAnObject("relationships", index, entry);
          return;
        }
        const label = `${String(entry.from)} ${String(entry.type)} ${String(entry.to)}`;
        const issues: ValidationIssue[] = [];
        for (const f of ["from", "to", "type"] as const) {
          if (typeof entry[f] !== "string" || entry[f] === "")
            issues.push({
              subject: label,
              field: f,
              value: entry[f],
              rule: "is required (a string)",
            });
        }
        for (const f of ["from", "to"] as const) {
          // an end this document refused already has its own error: no second one here
          if (typeof entry[f] === "string" && this.refusedKeys.has(entry[f])) continue;
          if (typeof entry[f] === "string" && !this.ends.has(entry[f])) {
            issues.push({
              subject: label,
              field: f,
              value: entry[f],
              rule: "is not the key of a CI in the document or the CMDB",
            });
          }
        }
        const unknown = Object.keys(entry).filter((k) => !["from", "to", "type"].includes(k));
        for (const k of unknown)
          issues.push({
            subject: label,
            field: k,
            value: entry[k],
            rule: "is not a relationship field (from, to, type)",
          });
        const from = this.ends.get(entry.from as string);
        const to = this.ends.get(entry.to as string);
        // with an end refused, what can still be checked is the relationship's own type
        if (
          issues.length === 0 &&
          (!from || !to) &&
          !catalogue.relationshipType(entry.type as string)
        ) {
          issues.push(unknownRelationshipType(entry.type as string, label));
        }
        if (issues.length === 0 && from && to) {
          const type = entry.type as string;
          const broken = checkRelationship(type, from, to, catalogue, label, {
            allowRetiredEnds: true,
          });
          const triple = `${from.key}\u0000${type}\u0000${to.key}`;
          if (broken.length === 0 && seen.has(triple)) {
            broken.push({
              subject: label,
              field: "type",
              value: type,
              rule: "this relationship appears twice in the document",
            });
          }
          seen.add(triple);
          issues.push(...broken);
          if (broken.length === 0) candidates.push({ index, fromId: from.id, toId: to.id, type });
        }
        for (const issue of issues) this.fail("relationships", index, issue);
      });
      // a CI this import creates has no relationship yet: only pairs of existing CIs are looked up
      const current = await findCurrentRelationships(
        this.tx,
        candidates.filter((c) => !this.createdIds.has(c.fromId) && !this.createdIds.has(c.toId)),
      );
      const creates = candidates.filter((c) => !current.has(c.index));
      this.counts.relationships.unchanged += candidates.length - creates.length;
      this.counts.relationships.created += creates.length;
      if (this.errorCount === 0) {
        await createRelationships(
          this.tx,
          creates.map((c) => ({
            id: newRelationshipId(c.fromId),
            fromId: c.fromId,
            toId: c.toId,
            type: c.type,
          })),
          this.meta,
        );
      }
      this.onProgress?.({
        section: "relationships",
        done: Math.min(start + this.batchSize, entries.length),
        total: entries.length,
      });
    }
  }

  /** Looks up, in one round trip per batch, the CIs that relationships name and the document does not. */
  private async resolveEnds(batch: unknown[]): Promise<void> {
    const missing = new Set<string>();
    for (const entry of batch) {
      if (!isObject(entry)) continue;
      for (const k of [entry.from, entry.to])
        if (typeof k === "string" && !this.ends.has(k)) missing.add(k);
    }
    if (missing.size === 0) return;
    for (const ci of await findCisByKeys(this.tx, [...missing])) {
      this.ends.set(ci.key, { id: ci.id, key: ci.key, type: ci.type, lifecycle: ci.lifecycle });
    }
  }

  private notAnObject(section: ImportSection, index: number, entry: unknown): void {
    this.add({
      section,
      index,
      entry: null,
      field: section,
      message: `must be an object (got ${describeValue(entry)})`,
    });
  }

  private fail(section: ImportSection, index: number | null, issue: ValidationIssue): void {
    this.add({
      section,
      index,
      entry: issue.subject,
      field: issue.field,
      message: issueMessage(issue),
    });
  }

  private add(error: ImportError): void {
    this.errorCount += 1;
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push(error);
  }
}

function zero(): ImportCounts {
  return { created: 0, updated: 0, unchanged: 0 };
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
