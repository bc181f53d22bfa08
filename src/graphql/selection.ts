import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/**
 * What a query asks of the field being resolved, read from its selection (fragments followed).
 * A list field asks once for all its items (src/graphql/impact/impacted-cis.ts); answers about
 * the field itself are kept per field nodes.
 */
type Fragments = GraphQLResolveInfo["fragments"];

/** The fields selected directly under these field nodes (fragments followed; aliases kept). */
function fieldsUnder(nodes: readonly FieldNode[], fragments: Fragments): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (set: SelectionSetNode | undefined, depth: number): void => {
    if (!set || depth > 10) return;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet, depth + 1);
      else visit(fragments[s.name.value]?.selectionSet, depth + 1);
    }
  };
  for (const node of nodes) visit(node.selectionSet, 0);
  return out;
}

/** The fields selected directly under the resolved field (aliases resolved to names). */
function subfields(info: GraphQLResolveInfo): FieldNode[] {
  return fieldsUnder(info.fieldNodes, info.fragments);
}

const named = new WeakMap<readonly FieldNode[], Map<string, boolean>>();

/** Whether the query selects `name` under the field being resolved. */
export function selectsSubfield(info: GraphQLResolveInfo, name: string): boolean {
  let known = named.get(info.fieldNodes);
  if (!known) {
    known = new Map();
    named.set(info.fieldNodes, known);
  }
  let answer = known.get(name);
  if (answer === undefined) {
    answer = subfields(info).some((f) => f.name.value === name);
    known.set(name, answer);
  }
  return answer;
}

/**
 * The field nodes the query selects at `path` under the field being resolved, each step a field
 * name (every alias of it): `["nodes"]` are the items of a connection, `["edges", "node"]` too.
 */
export function selectedAt(info: GraphQLResolveInfo, path: readonly string[]): FieldNode[] {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (const name of path)
    nodes = fieldsUnder(nodes, info.fragments).filter((f) => f.name.value === name);
  return [...nodes];
}

/**
 * What the query asks of one field (`name`) of the items at these field nodes: whether it is
 * selected at all, and whether every subfield it selects is one of `allowed`, each a leaf
 * without arguments. Fragments are followed; directives (@skip, @include) are not read, so a
 * field they would leave out counts as selected.
 */
export function itemFieldSelection(
  items: readonly FieldNode[],
  fragments: Fragments,
  name: string,
  allowed: ReadonlySet<string>,
): { selected: boolean; onlyAllowed: boolean } {
  const nodes = fieldsUnder(items, fragments).filter((f) => f.name.value === name);
  return {
    selected: nodes.length > 0,
    onlyAllowed: fieldsUnder(nodes, fragments).every(
      (f) => allowed.has(f.name.value) && !f.selectionSet && (f.arguments?.length ?? 0) === 0,
    ),
  };
}
