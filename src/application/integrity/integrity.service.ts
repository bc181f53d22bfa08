import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import { describeScope, parseScope, type BaselineScope } from "../../domain/baseline/baseline.js";
import type { ConfigurationItem } from "../../domain/ci/configuration-item.js";
import { NotFoundError, ValidationError } from "../../domain/errors.js";
import {
  ciOffences,
  DEFAULT_RULES,
  dependencyTypes,
  DuplicateFinder,
  INTEGRITY_RULES,
  NOT_YET_IN_PRODUCTION,
  parseRuleConfig,
  productionDependencyOffence,
  relationshipOffences,
  RULE_DESCRIPTIONS,
  type IntegrityRule,
  type Offence,
  type RuleConfig,
  type RuleLevel,
} from "../../domain/integrity/integrity-rules.js";
import { throwIfInvalid } from "../../domain/validation.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import { lockCisByIds, lockCisByKeys, toCi } from "../../neo4j/ci.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import {
  countRuns,
  createRun,
  findOpenUnauthorizedChanges,
  findPreviousRun,
  findProductionDependenciesOn,
  findRun,
  listRuleConfigs,
  listRuns,
  saveRuleConfig,
  scanCisPage,
  scanRelationshipsFromCis,
  verifyCi,
} from "../../neo4j/integrity.repository.js";
import { authorize } from "../authorization.js";
import type { BaselineService } from "../baseline/baseline.service.js";
import { checkReference, describeReference, type CiReference } from "../ci/ci-reference.js";
import type { ImpactService } from "../impact/impact.service.js";
import {
  checkPageSize,
  decodeCursor,
  pageFromRows,
  type CursorKey,
  type Page,
  type PageRequest,
} from "../paging.js";
import { writeMeta } from "../write-meta.js";

const PAGE = 5000;
/** The most runs one page of the integrityRuns list holds. */
export const MAX_RUN_PAGE = 100;
/** The most offenders one page of a rule result's offenders holds. */
export const MAX_OFFENDER_PAGE = 500;
const RUN_LIST = "integrityRuns";
/** The offending CIs a run keeps per rule (the count is always the full one). */
export const KEPT_OFFENDERS = 1000;
const BUSINESS_SERVICE = "BusinessService";

export interface RuleResult {
  readonly rule: IntegrityRule;
  readonly description: string;
  readonly level: RuleLevel;
  readonly enabled: boolean;
  readonly threshold: number | null;
  readonly count: number;
  readonly passed: boolean;
  /** Up to KEPT_OFFENDERS of them, by key. */
  readonly offenders: Omit<Offence, "rule">[];
  /** The count of the run before this one (null: no earlier run with this rule). */
  readonly previousCount: number | null;
  /** Anything that limits the result (a threshold on how much was examined). */
  readonly note: string | null;
}

export interface IntegrityReport {
  readonly id: string;
  readonly at: Date;
  readonly by: string;
  readonly scope: string | null;
  /** An enabled ERROR-level rule found something. */
  readonly failed: boolean;
  readonly results: RuleResult[];
}

/** The periodic checks ISO 20000 asks of a CMDB: each rule, its count, the offending CIs. */
export class IntegrityService {
  constructor(
    private readonly impact: ImpactService,
    private readonly baselines: BaselineService,
  ) {}

  async rules(scope: DbScope, actor: Actor): Promise<RuleConfig[]> {
    authorize(actor, "reading the integrity rules", "READER");
    return scope.readTransaction(async (tx) => [...(await configs(tx)).values()]);
  }

  async configureRule(
    scope: DbScope,
    actor: Actor,
    input: {
      rule: string;
      enabled?: boolean | null;
      level?: string | null;
      threshold?: number | null;
    },
  ): Promise<RuleConfig> {
    authorize(actor, "configuring the integrity rules", "ADMIN");
    const meta = writeMeta(actor, null);
    return scope.writeTransaction(async (tx) => {
      const current = (await configs(tx)).get(input.rule as IntegrityRule) ?? null;
      const parsed = parseRuleConfig(input, current);
      throwIfInvalid(parsed.issues);
      const config = parsed.config as RuleConfig;
      await saveRuleConfig(tx, config, meta);
      await recordAuditEntries(
        tx,
        [
          {
            operation: "CONFIGURE",
            targetType: "INTEGRITY_RULE",
            targetId: config.rule,
            targetKey: config.rule,
            before: current,
            after: config,
          },
        ],
        meta,
      );
      return config;
    });
  }

  /** Records that a CI was checked against reality (the STALE rule counts from then). */
  async verify(scope: DbScope, actor: Actor, ref: CiReference): Promise<ConfigurationItem> {
    authorize(actor, "verifying a configuration item", "EDITOR");
    const checked = checkReference("ci", ref);
    const meta = writeMeta(actor, null);
    return scope.writeTransaction(async (tx) => {
      const [ci] =
        "id" in checked
          ? await lockCisByIds(tx, [checked.id])
          : await lockCisByKeys(tx, [checked.key]);
      if (!ci) throw new NotFoundError("configuration item", describeReference(checked));
      const row = await verifyCi(tx, ci.id, meta);
      await recordAuditEntries(
        tx,
        [
          {
            operation: "VERIFY",
            targetType: "CONFIGURATION_ITEM",
            targetId: ci.id,
            targetKey: ci.key,
            before: null,
            after: { verifiedAt: meta.now, verifiedBy: actor.user },
          },
        ],
        meta,
      );
      return toCi(row);
    });
  }

  /** Runs every enabled rule over the CMDB (or a scope), stores the run, and returns it. */
  async run(
    scope: DbScope,
    actor: Actor,
    input: { scope?: Record<string, unknown> | null } = {},
  ): Promise<IntegrityReport> {
    authorize(actor, "running the integrity checks", "EDITOR");
    let what: BaselineScope | null = null;
    if (input.scope) {
      const parsed = parseScope(input.scope);
      throwIfInvalid(parsed.issues);
      what = parsed.scope;
    }
    const now = new Date();
    const { rules, offences, notes, previous } = await scope.readTransaction(async (tx) => {
      const rules = await configs(tx);
      const { catalogue } = await loadCatalogue(tx);
      const ids = what ? await this.baselines.scopeIds(tx, what, null) : null;
      const found: Offence[] = [];
      const duplicates = new DuplicateFinder();
      const services: string[] = [];
      const types = new Map<string, string>();
      let after = "";
      let chunk = 0;
      for (;;) {
        const page = ids
          ? await scanCisPage(tx, { ids: ids.slice(chunk * PAGE, (chunk + 1) * PAGE) }, PAGE)
          : await scanCisPage(tx, { after }, PAGE);
        chunk += 1;
        for (const ci of page) {
          found.push(...ciOffences(ci, catalogue, rules, now));
          duplicates.add(ci);
          types.set(ci.id, ci.fields.type);
          if (
            ci.fields.lifecycle !== "RETIRED" &&
            catalogue.ciType(BUSINESS_SERVICE) &&
            catalogue.isA(ci.fields.type, BUSINESS_SERVICE)
          ) {
            services.push(ci.id);
          }
        }
        for (const r of await scanRelationshipsFromCis(
          tx,
          page.map((c) => c.id),
        )) {
          found.push(...relationshipOffences(r, catalogue, rules));
        }
        const last = page[page.length - 1];
        if (ids ? chunk * PAGE >= ids.length : !last || page.length < PAGE) break;
        after = last?.fields.key ?? after;
      }
      if (rules.get("DUPLICATE_KEY_OR_NAME")?.enabled) found.push(...duplicates.offences());
      if (rules.get("PRODUCTION_DEPENDS_ON_NON_PRODUCTION")?.enabled) {
        // one statement over the whole CMDB from the CIs not yet in production; a scoped run
        // keeps the dependents in its scope
        const inScope = ids ? new Set(ids) : null;
        for (const r of await findProductionDependenciesOn(
          tx,
          NOT_YET_IN_PRODUCTION,
          dependencyTypes(catalogue),
        )) {
          const offence = productionDependencyOffence(r, catalogue);
          if (offence && (!inScope || inScope.has(offence.ciId))) found.push(offence);
        }
      }
      if (rules.get("UNAUTHORIZED_CHANGE")?.enabled) {
        const inScope = ids ? new Set(ids) : null;
        for (const u of await findOpenUnauthorizedChanges(tx)) {
          if (inScope && !inScope.has(u.ciId)) continue;
          found.push({
            rule: "UNAUTHORIZED_CHANGE",
            ciId: u.ciId,
            key: u.key,
            type: u.type,
            detail: `${String(u.open)} unauthorized change(s) found by ${u.sources.join(", ")}; open a retrospective RFC`,
          });
        }
      }
      const last = await findPreviousRun(tx, what ? describeScope(what) : null);
      return {
        rules,
        offences: found,
        notes: { services, ids, types },
        previous: last ?? null,
      };
    });

    if (rules.get("DEPENDENCY_CYCLE")?.enabled) {
      const inScope = notes.ids ? new Set(notes.ids) : null;
      const cycles = await this.impact.dependencyCycles(scope, actor, null, 1000);
      for (const c of cycles.cycles) {
        const path = c.example.map((m) => m.key).join(" → ");
        for (const m of c.members) {
          if (inScope && !inScope.has(m.id)) continue;
          offences.push({
            rule: "DEPENDENCY_CYCLE",
            ciId: m.id,
            key: m.key,
            type: notes.types.get(m.id) ?? "",
            detail: `in a cycle of ${String(c.members.length)} CI(s): ${path}`,
          });
        }
      }
    }
    const spofNote: string[] = [];
    const spof = rules.get("SINGLE_POINT_OF_FAILURE");
    if (spof?.enabled) {
      const most = spof.threshold ?? DEFAULT_RULES.SINGLE_POINT_OF_FAILURE.threshold ?? 200;
      if (notes.services.length > most) {
        spofNote.push(
          `examined the first ${String(most)} of ${String(notes.services.length)} business services (threshold)`,
        );
      }
      for (const id of notes.services.slice(0, most)) {
        const r = await this.impact.singlePointsOfFailure(scope, actor, { id });
        if (r.points.length > 0) {
          offences.push({
            rule: "SINGLE_POINT_OF_FAILURE",
            ciId: r.service.id,
            key: r.service.key,
            type: r.service.type,
            detail: `${String(r.points.length)} single point(s) of failure: ${r.points
              .slice(0, 10)
              .map((p) => p.key)
              .join(", ")}${r.points.length > 10 ? ", …" : ""}`,
          });
        }
      }
    }

    const before = new Map((previous?.results ?? []).map((r) => [r.rule, r.count]));
    const results: RuleResult[] = INTEGRITY_RULES.map((rule) => {
      const config = rules.get(rule) ?? DEFAULT_RULES[rule];
      const mine = offences
        .filter((o) => o.rule === rule)
        .sort((a, b) => a.key.localeCompare(b.key) || a.detail.localeCompare(b.detail));
      return {
        rule,
        description: RULE_DESCRIPTIONS[rule],
        level: config.level,
        enabled: config.enabled,
        threshold: config.threshold,
        count: mine.length,
        passed: mine.length === 0,
        offenders: mine.slice(0, KEPT_OFFENDERS).map(({ rule: _rule, ...o }) => o),
        previousCount: before.get(rule) ?? null,
        note: rule === "SINGLE_POINT_OF_FAILURE" && spofNote.length ? spofNote.join("; ") : null,
      };
    });
    const failed = results.some((r) => r.enabled && r.level === "ERROR" && r.count > 0);
    const meta = writeMeta(actor, null);
    const id = randomUUID();
    const scopeText = what ? describeScope(what) : null;
    await scope.writeTransaction(async (tx) => {
      await createRun(tx, { id, scope: scopeText, failed, results }, meta);
      await recordAuditEntries(
        tx,
        [
          {
            operation: "RUN",
            targetType: "INTEGRITY_RUN",
            targetId: id,
            targetKey: scopeText,
            before: null,
            after: { failed, counts: Object.fromEntries(results.map((r) => [r.rule, r.count])) },
          },
        ],
        meta,
      );
    });
    return { id, at: new Date(meta.now), by: actor.user, scope: scopeText, failed, results };
  }

  /** A page of the kept runs, newest first (the trend). */
  async runs(scope: DbScope, actor: Actor, page: PageRequest): Promise<Page<IntegrityReport>> {
    authorize(actor, "reading integrity runs", "READER");
    checkPageSize(page.first, MAX_RUN_PAGE);
    const after = page.after === null ? null : decodeCursor(RUN_LIST, page.after, ["s", "s"]);
    if (after && Number.isNaN(Date.parse(after[0] as string))) {
      throw new ValidationError("after", page.after, `is not a cursor of the ${RUN_LIST} list`);
    }
    const stored = await scope.readTransaction((tx) =>
      listRuns<RuleResult[]>(tx, {
        after: after ? { at: after[0] as string, id: after[1] as string } : null,
        limit: page.first + 1,
      }),
    );
    return pageFromRows(
      stored,
      page,
      RUN_LIST,
      (r) => [r.at.toISOString(), r.id],
      () => scope.readTransaction((tx) => countRuns(tx)),
    );
  }

  /** A kept run by id, or null. */
  async get(scope: DbScope, actor: Actor, id: string): Promise<IntegrityReport | null> {
    authorize(actor, "reading integrity runs", "READER");
    return scope.readTransaction((tx) => findRun<RuleResult[]>(tx, id));
  }
}

/** An offender's cursor key: its key, detail and CI id, which name it among its rule's. */
export function offenderKey(o: { key: string; detail: string; ciId: string }): CursorKey {
  return [o.key, o.detail, o.ciId];
}

async function configs(tx: DbTransaction): Promise<Map<IntegrityRule, RuleConfig>> {
  const stored = new Map((await listRuleConfigs(tx)).map((c) => [c.rule, c]));
  return new Map(INTEGRITY_RULES.map((rule) => [rule, stored.get(rule) ?? DEFAULT_RULES[rule]]));
}
