import type { Actor } from "../../domain/actor.js";
import type { Catalogue } from "../../domain/catalogue/catalogue.js";
import {
  newCiFields,
  parseCiPatch,
  type CiPatch,
  type ConfigurationItem,
} from "../../domain/ci/configuration-item.js";
import { ValidationError } from "../../domain/errors.js";
import { LIFECYCLES, type Lifecycle } from "../../domain/interchange/interchange-document.js";
import { throwIfInvalid } from "../../domain/validation.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import {
  findCisAsOf,
  findCisByIds,
  findCisByKeys,
  findCisByKeysAsOf,
  listCiHistory,
  listCiHistoryPage,
  countCiHistory,
  countCis,
  listCis,
  type CiVersion,
} from "../../neo4j/ci.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import { authorize } from "../authorization.js";
import {
  checkPageSize,
  decodeCursor,
  pageFromRows,
  type Page,
  type PageRequest,
} from "../paging.js";
import { writeMeta } from "../write-meta.js";
import { changeCiInTx, createCiInTx } from "./ci-writes.js";
import { checkReference, type CiReference } from "./ci-reference.js";
import { only } from "../single.js";

export interface CiFilterInput {
  readonly type?: string | null;
  readonly includeSubtypes?: boolean | null;
  readonly lifecycles?: readonly string[] | null;
  readonly environment?: string | null;
  readonly owner?: string | null;
  readonly search?: string | null;
}

export const MAX_PAGE_SIZE = 500;
/** The longest search text: as long as the longest key or name (src/domain/ci). */
export const MAX_SEARCH_CHARS = 200;
/** The most versions of a CI in one page of its history. */
export const MAX_HISTORY_PAGE_SIZE = 500;
const CI_LIST = "configurationItems";

export type HistoryOrder = "OLDEST_FIRST" | "NEWEST_FIRST";

/** A cursor of one CI's history is refused by another's. */
function historyList(ciId: string): string {
  return `history of ${ciId}`;
}

/** Configuration items: create, update, retire (never delete), read now or as of an instant. */
export class ConfigurationItemService {
  async create(
    scope: DbScope,
    actor: Actor,
    input: Record<string, unknown>,
    reason?: string | null,
  ): Promise<ConfigurationItem> {
    authorize(actor, "creating a configuration item", "EDITOR");
    const subject = typeof input.key === "string" ? `CI ${input.key}` : null;
    const parsed = parseCiPatch(input, subject, { unknownToAttributes: false });
    throwIfInvalid(parsed.issues);
    const created = newCiFields(parsed.patch, subject);
    throwIfInvalid(created.issues);
    const fields = only(created.fields ? [created.fields] : [], "the fields of a valid CI");
    const meta = writeMeta(actor, reason);
    return scope.writeTransaction(async (tx) => {
      const { catalogue } = await loadCatalogue(tx);
      return createCiInTx(tx, catalogue, fields, meta);
    });
  }

  /**
   * Applies the stated fields over the CI at `revision` (attributes merged, or replaced whole
   * with replaceAttributes); a stale revision is a CONFLICT.
   */
  async update(
    scope: DbScope,
    actor: Actor,
    ref: CiReference,
    revision: number,
    input: Record<string, unknown>,
    reason?: string | null,
  ): Promise<ConfigurationItem> {
    authorize(actor, "updating a configuration item", "EDITOR");
    const parsed = parseCiPatch(input, null, {
      unknownToAttributes: false,
      replaceAttributes: true,
    });
    throwIfInvalid(parsed.issues);
    return this.write(scope, actor, ref, revision, parsed.patch, "UPDATE", reason);
  }

  /** Moves the CI to RETIRED (it stays, with its history); a stale revision is a CONFLICT. */
  async retire(
    scope: DbScope,
    actor: Actor,
    ref: CiReference,
    revision: number,
    reason?: string | null,
  ): Promise<ConfigurationItem> {
    authorize(actor, "retiring a configuration item", "EDITOR");
    return this.write(scope, actor, ref, revision, { lifecycle: "RETIRED" }, "RETIRE", reason);
  }

  private async write(
    scope: DbScope,
    actor: Actor,
    ref: CiReference,
    revision: number,
    patch: CiPatch,
    operation: "UPDATE" | "RETIRE",
    reason: string | null | undefined,
  ): Promise<ConfigurationItem> {
    const checked = checkReference("ci", ref);
    if (!Number.isInteger(revision) || revision < 1) {
      throw new ValidationError(
        "revision",
        revision,
        "must be the revision read (a positive integer)",
      );
    }
    const meta = writeMeta(actor, reason);
    return scope.writeTransaction(async (tx) => {
      const { catalogue } = await loadCatalogue(tx);
      const { after } = await changeCiInTx(
        tx,
        catalogue,
        checked,
        revision,
        patch,
        operation,
        meta,
      );
      return after;
    });
  }

  async get(
    scope: DbScope,
    actor: Actor,
    ref: CiReference,
    asOf: Date | null = null,
  ): Promise<ConfigurationItem | null> {
    authorize(actor, "reading configuration items", "READER");
    const checked = checkReference("ci", ref);
    return scope.readTransaction(async (tx) => {
      // as of an instant, a key names the CI that had it then (keys can change)
      if (asOf !== null && "key" in checked) {
        const [then] = await findCisByKeysAsOf(tx, [checked.key], asOf);
        return then ?? null;
      }
      const [now] =
        "id" in checked
          ? await findCisByIds(tx, [checked.id])
          : await findCisByKeys(tx, [checked.key]);
      if (!now || asOf === null) return now ?? null;
      const [then] = await findCisAsOf(tx, [now.id], asOf);
      return then ?? null;
    });
  }

  async list(
    scope: DbScope,
    actor: Actor,
    filter: CiFilterInput,
    page: PageRequest,
    asOf: Date | null = null,
  ): Promise<Page<ConfigurationItem>> {
    authorize(actor, "reading configuration items", "READER");
    checkPageSize(page.first, MAX_PAGE_SIZE);
    const after =
      page.after === null ? null : (decodeCursor(CI_LIST, page.after, ["s"])[0] as string);
    // no key or name is longer: a longer text only makes a costlier full-text query (1 MB of it
    // overran Lucene's automaton limit after 11 s, answering INTERNAL)
    if ((filter.search?.trim().length ?? 0) > MAX_SEARCH_CHARS)
      throw new ValidationError(
        "filter.search",
        filter.search,
        `must be at most ${String(MAX_SEARCH_CHARS)} characters`,
      );
    for (const l of filter.lifecycles ?? []) {
      if (!LIFECYCLES.includes(l as Lifecycle)) {
        throw new ValidationError(
          "filter.lifecycles",
          l,
          `must be one of ${LIFECYCLES.join(", ")}`,
        );
      }
    }
    const listed = await scope.readTransaction(async (tx) => {
      const types = filter.type
        ? await typeFilter(tx, filter.type, filter.includeSubtypes !== false)
        : null;
      const query = {
        types,
        lifecycles: filter.lifecycles?.length ? [...filter.lifecycles] : null,
        environment: filter.environment ?? null,
        owner: filter.owner ?? null,
        search: filter.search?.trim() ? filter.search.trim() : null,
      };
      return { query, rows: await listCis(tx, query, { after, limit: page.first + 1 }, asOf) };
    });
    return pageFromRows(
      listed.rows,
      page,
      CI_LIST,
      (ci) => [ci.key],
      () => scope.readTransaction((tx) => countCis(tx, listed.query, asOf)),
    );
  }

  /** CIs by id, in the order asked (null where none): the batch behind a per-request loader. */
  async findByIds(
    scope: DbScope,
    actor: Actor,
    ids: readonly string[],
    asOf: Date | null = null,
  ): Promise<(ConfigurationItem | null)[]> {
    authorize(actor, "reading configuration items", "READER");
    const found = await scope.readTransaction((tx) =>
      asOf ? findCisAsOf(tx, ids, asOf) : findCisByIds(tx, ids),
    );
    const byId = new Map(found.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Every version of each CI, oldest first: the batch behind a per-request loader. */
  async historyOf(scope: DbScope, actor: Actor, ids: readonly string[]): Promise<CiVersion[][]> {
    authorize(actor, "reading configuration items", "READER");
    const versions = await scope.readTransaction((tx) => listCiHistory(tx, ids));
    return ids.map((id) => versions.filter((v) => v.ciId === id));
  }

  /**
   * A page of each CI's history (the same page request for each), by revision in `order`: the
   * batch behind a per-request loader. A cursor given is decoded for each CI, so a cursor of
   * another CI's history is refused (VALIDATION naming `after`).
   */
  async historyPages(
    scope: DbScope,
    actor: Actor,
    ids: readonly string[],
    page: PageRequest,
    order: HistoryOrder,
  ): Promise<Page<CiVersion>[]> {
    authorize(actor, "reading configuration items", "READER");
    checkPageSize(page.first, MAX_HISTORY_PAGE_SIZE);
    const afters = ids.map((id) =>
      page.after === null ? null : (decodeCursor(historyList(id), page.after, ["n"])[0] as number),
    );
    const byCi = await scope.readTransaction((tx) =>
      listCiHistoryPage(tx, ids, {
        after: afters[0] ?? null,
        limit: page.first + 1,
        newestFirst: order === "NEWEST_FIRST",
      }),
    );
    return ids.map((id) =>
      pageFromRows(
        byCi.get(id) ?? [],
        page,
        historyList(id),
        (v) => [v.revision],
        () => scope.readTransaction((tx) => countCiHistory(tx, id)),
      ),
    );
  }
}

async function typeFilter(
  tx: DbTransaction,
  type: string,
  includeSubtypes: boolean,
): Promise<string[]> {
  const { catalogue }: { catalogue: Catalogue } = await loadCatalogue(tx);
  if (!catalogue.ciType(type)) throw new ValidationError("filter.type", type, "is not a CI type");
  return includeSubtypes ? catalogue.withSubtypes(type) : [type];
}
