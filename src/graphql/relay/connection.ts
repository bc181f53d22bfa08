import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import type { Page } from "../../application/paging.js";

/**
 * The Cursor Connections conventions (ADR 009), written once: every list that can grow is a
 * `…Connection` with `edges`, `nodes`, `pageInfo` and `totalCount`, paged forward by
 * `first`/`after`.
 */
@ObjectType("PageInfo", {
  description: "Where a page sits in its list, and the cursors to move from it.",
})
export class PageInfoType {
  @Field(() => Boolean, { description: "True when another page follows this one." })
  hasNextPage: boolean;

  @Field(() => Boolean, {
    description:
      "True when the page was asked for `after` a cursor (rows precede it); paging is forward only.",
  })
  hasPreviousPage: boolean;

  @Field(() => String, {
    nullable: true,
    description: "The cursor of the page's first edge (null: the page is empty).",
  })
  startCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The cursor of the page's last edge; pass it as `after` for the next page.",
  })
  endCursor: string | null;
}

/** The first/after arguments every connection field takes. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    defaultValue: 50,
    description: "How many to return, from 1 to the list's maximum (VALIDATION otherwise).",
  })
  first: number;

  @Field(() => String, {
    nullable: true,
    description: "The endCursor of the previous page (null: the first page).",
  })
  after?: string | null;
}

export interface EdgeValue<N> {
  readonly cursor: string;
  readonly node: N;
}

export interface ConnectionValue<N> {
  readonly edges: EdgeValue<N>[];
  readonly nodes: N[];
  readonly pageInfo: PageInfoType;
  readonly totalCount: Promise<number>;
}

/**
 * The edge and connection types of one node type, named `${name}Edge` and `${name}Connection`;
 * `what` names the items in descriptions ("CIs", "RFCs").
 */
export function ConnectionType<N extends object>(
  NodeClass: ClassType<N>,
  name: string,
  what: string,
  order: string,
): ClassType<ConnectionValue<N>> {
  @ObjectType(`${name}Edge`, { description: `One of the ${what} of a page, with its cursor.` })
  class Edge {
    @Field(() => String, {
      description: "Pass as `after` to continue the list from here.",
    })
    cursor: string;

    @Field(() => NodeClass, { description: `The item.` })
    node: N;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}, ${order}.` })
  class Connection {
    @Field(() => [Edge], { description: `The ${what} of this page with their cursors.` })
    edges: Edge[];

    @Field(() => [NodeClass], { description: `The ${what} of this page (the edges' nodes).` })
    nodes: N[];

    @Field(() => PageInfoType, { description: "Whether more follow, and the cursors to page." })
    pageInfo: PageInfoType;

    @Field(() => Int, {
      description: `How many ${what} the whole list holds (counted only when asked for).`,
    })
    totalCount: Promise<number>;
  }
  return Connection;
}

/** A page as its connection, each item mapped to its GraphQL shape. */
export function toConnection<T, N>(page: Page<T>, toNode: (item: T) => N): ConnectionValue<N> {
  const nodes = page.items.map(toNode);
  let counted: Promise<number> | null = null;
  return {
    edges: nodes.map((node, i) => ({ cursor: page.cursors[i] ?? "", node })),
    nodes,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.cursors[page.cursors.length - 1] ?? null,
    },
    // A getter: the count statement runs only when a query selects totalCount.
    get totalCount(): Promise<number> {
      counted ??= page.totalCount();
      return counted;
    },
  };
}
