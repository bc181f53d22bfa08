import type { GraphQLResolveInfo } from "graphql";
import type { ImpactedItem } from "../../application/impact/impact.js";
import { toCiType, type ConfigurationItemType } from "../ci/configuration-item.type.js";
import type { GraphqlContext } from "../context.js";
import { itemFieldSelection, selectedAt } from "../selection.js";
import { ImpactedCiView, type ImpactedCis } from "./impact.types.js";

/** What the walk read of each CI: a selection of no more is served without loading the CIs. */
const WALKED_CI_FIELDS: ReadonlySet<string> = new Set([
  "id",
  "key",
  "type",
  "criticality",
  "asOf",
  "__typename",
]);
const NOTHING: ReadonlySet<string> = new Set();

/** Where a list field's items are, from the field: the field itself, or a connection's nodes. */
export const LIST_ITEMS: readonly (readonly string[])[] = [[]];
export const CONNECTION_ITEMS: readonly (readonly string[])[] = [["nodes"], ["edges", "node"]];

/**
 * The impacted CIs of one list, ready for graphql-js to read as plain properties: decided once
 * for the list from the query (`info` is the list field's, `itemsAt` where its items are under
 * it). When the query asks of `configurationItem` only what the walk read, it is built from the
 * walk's columns; otherwise the list's CIs (and those of its paths, when `path` is selected) are
 * loaded in one statement before the list is returned, not one loader call per item.
 */
export async function impactedList(
  ctx: GraphqlContext,
  info: GraphQLResolveInfo,
  itemsAt: readonly (readonly string[])[],
  items: readonly ImpactedItem[],
  asOf: Date | null,
): Promise<ImpactedCiView[]> {
  const cis = await impactedCis(ctx, info, itemsAt, items, asOf);
  return items.map((i) => new ImpactedCiView(i, cis));
}

/** How the items of one list serve their CIs (see impactedList), the CIs loaded if need be. */
export async function impactedCis(
  ctx: GraphqlContext,
  info: GraphQLResolveInfo,
  itemsAt: readonly (readonly string[])[],
  items: readonly ImpactedItem[],
  asOf: Date | null,
): Promise<ImpactedCis> {
  const at = itemsAt.flatMap((p) => selectedAt(info, p));
  const ci = itemFieldSelection(at, info.fragments, "configurationItem", WALKED_CI_FIELDS);
  const paths = itemFieldSelection(at, info.fragments, "path", NOTHING).selected;
  const fromWalk = !ci.selected || ci.onlyAllowed;
  const ids = new Set<string>();
  if (!fromWalk) for (const i of items) ids.add(i.id);
  if (paths) for (const i of items) for (const id of i.path) ids.add(id);
  const loaded = new Map<string, ConfigurationItemType>();
  if (ids.size > 0) {
    const keys = [...ids];
    // through the request's loader: lists of the same response share its one batch
    const found = await ctx.loaders.ciById(asOf).loadMany(keys);
    found.forEach((c, k) => {
      if (c instanceof Error) throw c;
      if (c) loaded.set(keys[k] as string, toCiType(c, asOf));
    });
  }
  return { asOf, fromWalk, loaded };
}
