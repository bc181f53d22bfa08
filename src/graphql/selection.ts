import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/**
 * What a query asks of the field being resolved, read from its selection (fragments followed).
 * A list of N items resolves the same field nodes N times: answers are kept per field nodes.
 */
type Fragments = GraphQLResolveInfo["fragments"];

/** The fields selected directly under the resolved field (aliases resolved to names). */
function subfields(info: GraphQLResolveInfo): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (set: SelectionSetNode | undefined, fragments: Fragments, depth: number): void => {
    if (!set || depth > 10) return;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet, fragments, depth + 1);
      else visit(fragments[s.name.value]?.selectionSet, fragments, depth + 1);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, info.fragments, 0);
  return out;
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

const only = new WeakMap<readonly FieldNode[], WeakMap<ReadonlySet<string>, boolean>>();

/**
 * Whether every field the query selects under the field being resolved is one of `allowed`,
 * each a leaf without arguments (so a value holding just those fields answers it).
 */
export function selectsOnly(info: GraphQLResolveInfo, allowed: ReadonlySet<string>): boolean {
  let known = only.get(info.fieldNodes);
  if (!known) {
    known = new WeakMap();
    only.set(info.fieldNodes, known);
  }
  let answer = known.get(allowed);
  if (answer === undefined) {
    answer = subfields(info).every(
      (f) => allowed.has(f.name.value) && !f.selectionSet && (f.arguments?.length ?? 0) === 0,
    );
    known.set(allowed, answer);
  }
  return answer;
}
