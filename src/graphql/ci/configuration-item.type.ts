import { Field, ID, Int, ObjectType } from "type-graphql";
import type { ConfigurationItem } from "../../domain/ci/configuration-item.js";
import type { Lifecycle as DomainLifecycle } from "../../domain/interchange/interchange-document.js";
import { JSONScalar } from "../scalars.js";
import { Lifecycle } from "./lifecycle.enum.js";

@ObjectType("ConfigurationItem", {
  description: "A configuration item (CI): now, or as of an instant.",
})
export class ConfigurationItemType {
  @Field(() => ID, { description: "Server-made, stable." })
  id: string;

  @Field(() => String, { description: "The natural key, unique, stable across imports." })
  key: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { description: "The CI type's name." })
  type: string;

  @Field(() => String, { nullable: true })
  version: string | null;

  @Field(() => String, { nullable: true })
  owner: string | null;

  @Field(() => String, { nullable: true })
  responsibleTeam: string | null;

  @Field(() => Lifecycle)
  lifecycle: DomainLifecycle;

  @Field(() => String, { nullable: true })
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

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;

  @Field(() => Date, { nullable: true })
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
