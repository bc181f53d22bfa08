import { Field, ID, Int, ObjectType } from "type-graphql";
import type { ConfigurationItem } from "../../domain/ci/configuration-item.js";
import type { Lifecycle as DomainLifecycle } from "../../domain/interchange/interchange-document.js";
import { JSONScalar } from "../scalars.js";
import { Lifecycle } from "./lifecycle.enum.js";
import { NodeInterface } from "../relay/node.js";

@ObjectType("ConfigurationItem", {
  implements: NodeInterface,
  // plain data read straight from the object (lists of thousands, e.g. an impact answer's):
  // no per-field wrapper; the fields with resolvers (ciType, relationships…) keep theirs
  simpleResolvers: true,
  description: "A configuration item (CI): now, or as of an instant.",
})
export class ConfigurationItemType {
  @Field(() => ID, { description: "Server-made, stable." })
  id: string;

  @Field(() => String, { description: "The natural key, unique, stable across imports." })
  key: string;

  @Field(() => String, { description: "What people call it." })
  name: string;

  @Field(() => String, { description: "The CI type's name." })
  type: string;

  @Field(() => String, { nullable: true, description: "Its version (null: not said)." })
  version: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Who is accountable for it (null: nobody named).",
  })
  owner: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The team that runs it (null: none named).",
  })
  responsibleTeam: string | null;

  @Field(() => Lifecycle, { description: "Where it stands in its life." })
  lifecycle: DomainLifecycle;

  @Field(() => String, {
    nullable: true,
    description: "The environment it belongs to (null: not said).",
  })
  environment: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "For business services: 1 = most critical … 4.",
  })
  criticality: number | null;

  @Field(() => JSONScalar, {
    description: "Free attributes, checked against the type's definitions.",
  })
  attributes: Record<string, unknown>;

  @Field(() => Int, { description: "Name it in the next write; a stale one is a CONFLICT." })
  revision: number;

  @Field(() => Date, { description: "When it was created." })
  createdAt: Date;

  @Field(() => Date, { description: "When it was last written." })
  updatedAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: "When it was retired (null: not RETIRED).",
  })
  retiredAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "The instant this CI was read as of (null: now).",
  })
  asOf: Date | null;
}

export function toCiType(ci: ConfigurationItem, asOf: Date | null): ConfigurationItemType {
  return { ...ci, attributes: { ...ci.attributes }, asOf };
}
