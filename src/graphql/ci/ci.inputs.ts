import { Field, ID, InputType, Int } from "type-graphql";
import type { Lifecycle as DomainLifecycle } from "../../domain/interchange/interchange-document.js";
import { JSONScalar } from "../scalars.js";
import { Lifecycle } from "./lifecycle.enum.js";

@InputType("CiReferenceInput", { description: "A CI named by exactly one of id or key." })
export class CiReferenceInput {
  @Field(() => ID, { nullable: true })
  id?: string | null;

  @Field(() => String, { nullable: true })
  key?: string | null;
}

@InputType("CiEntryInput", { description: "A CI of the interchange document; upserted by key." })
export class CiEntryInput {
  @Field(() => String)
  key: string;

  @Field(() => String)
  name: string;

  @Field(() => String)
  type: string;

  @Field(() => String, { nullable: true })
  version?: string | null;

  @Field(() => String, { nullable: true })
  owner?: string | null;

  @Field(() => String, { nullable: true })
  responsibleTeam?: string | null;

  @Field(() => Lifecycle, { nullable: true })
  lifecycle?: DomainLifecycle | null;

  @Field(() => String, { nullable: true })
  environment?: string | null;

  @Field(() => Int, { nullable: true })
  criticality?: number | null;

  @Field(() => JSONScalar, { nullable: true })
  attributes?: Record<string, unknown> | null;
}

@InputType("CreateConfigurationItemInput")
export class CreateConfigurationItemInput extends CiEntryInput {
  @Field(() => String, { nullable: true, description: "Why: kept in the CI's history." })
  reason?: string | null;
}

@InputType("ConfigurationItemChangesInput", {
  description:
    "The fields to change: an absent field stays as it is; null clears it. attributes is a JSON Merge Patch (RFC 7386) over the CI's attributes; replaceAttributes replaces them whole (give one of the two).",
})
export class ConfigurationItemChangesInput {
  @Field(() => String, { nullable: true })
  key?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  type?: string | null;

  @Field(() => String, { nullable: true })
  version?: string | null;

  @Field(() => String, { nullable: true })
  owner?: string | null;

  @Field(() => String, { nullable: true })
  responsibleTeam?: string | null;

  @Field(() => Lifecycle, { nullable: true })
  lifecycle?: DomainLifecycle | null;

  @Field(() => String, { nullable: true })
  environment?: string | null;

  @Field(() => Int, { nullable: true })
  criticality?: number | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      "A JSON Merge Patch (RFC 7386): each attribute given is set, one given as null is removed, an object given over an object merges into it (recursively), the others stay; null removes every attribute.",
  })
  attributes?: Record<string, unknown> | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "The whole new attribute map, replacing the current one (not with attributes).",
  })
  replaceAttributes?: Record<string, unknown> | null;
}

@InputType("UpdateConfigurationItemInput")
export class UpdateConfigurationItemInput {
  @Field(() => CiReferenceInput)
  ci: CiReferenceInput;

  @Field(() => Int, {
    description: "The revision read; a stale one is a CONFLICT and changes nothing.",
  })
  revision: number;

  @Field(() => ConfigurationItemChangesInput)
  changes: ConfigurationItemChangesInput;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType("RetireConfigurationItemInput")
export class RetireConfigurationItemInput {
  @Field(() => CiReferenceInput)
  ci: CiReferenceInput;

  @Field(() => Int)
  revision: number;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType("ConfigurationItemFilter")
export class ConfigurationItemFilter {
  @Field(() => String, {
    nullable: true,
    description: "A CI type; its subtypes too unless includeSubtypes is false.",
  })
  type?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  includeSubtypes?: boolean | null;

  @Field(() => [Lifecycle], { nullable: true })
  lifecycles?: DomainLifecycle[] | null;

  @Field(() => String, { nullable: true })
  environment?: string | null;

  @Field(() => String, { nullable: true })
  owner?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Case-insensitive text in the key or the name.",
  })
  search?: string | null;
}
