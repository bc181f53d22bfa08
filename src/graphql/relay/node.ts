import { Field, ID, InterfaceType } from "type-graphql";
import { typeResolver } from "../type-resolvers.js";

/** The GraphQL type name a value returned through `node`/`nodes` resolves to. */
export const NODE_TYPE = Symbol("nodeType");

export interface TaggedNode {
  readonly [NODE_TYPE]: string;
}

/**
 * Anything with an id that `node(id:)` finds again (ADR 009). Ids are server-made UUIDs, unique
 * across every kind, so they serve as global ids as they are.
 */
@InterfaceType("Node", {
  description:
    "Anything the API names by a global id: `node(id:)` and `nodes(ids:)` find it again by that id alone.",
  resolveType: typeResolver("Node", (value: TaggedNode) => value[NODE_TYPE]),
})
export abstract class NodeInterface {
  @Field(() => ID, { description: "Server-made, unique across every kind, never reused." })
  id: string;
}

/** Marks a value with the type `node` resolves it to. */
export function tagNode<T extends object>(value: T, typeName: string): T & TaggedNode {
  return Object.assign(value, { [NODE_TYPE]: typeName });
}
