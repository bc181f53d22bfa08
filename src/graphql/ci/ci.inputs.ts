import { Field, ID, InputType, Int } from "type-graphql";
import type { Lifecycle as DomainLifecycle } from "../../domain/interchange/interchange-document.js";
import { JSONScalar } from "../scalars.js";
import { OneOf } from "../relay/one-of.js";
import { Lifecycle } from "./lifecycle.enum.js";

@OneOf("CiReferenceInput")
@InputType("CiReferenceInput", {
  description:
    "A CI named by exactly one of id or key (@oneOf: graphql-js refuses both or neither).",
})
export class CiReferenceInput {
  @Field(() => ID, { nullable: true, description: "The CI's id (or give key)." })
  id?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The CI's key (or give id); as of an instant, the key it had then.",
  })
  key?: string | null;
}

@InputType("CiEntryInput", { description: "A CI of the interchange document; upserted by key." })
export class CiEntryInput {
  @Field(() => String, {
    description:
      "The natural key, unique (createConfigurationItem: CONFLICT when taken; an import updates the CI that has it): at most 200 characters, a letter or digit then letters, digits or . _ : / @ + -.",
  })
  key: string;

  @Field(() => String, { description: "What people call it, at most 200 characters." })
  name: string;

  @Field(() => String, {
    description: "The name of a CI type of the catalogue (VALIDATION when unknown).",
  })
  type: string;

  @Field(() => String, { nullable: true, description: "Its version, at most 100 characters." })
  version?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Who is accountable for it, at most 200 characters.",
  })
  owner?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The team that runs it, at most 200 characters.",
  })
  responsibleTeam?: string | null;

  @Field(() => Lifecycle, {
    nullable: true,
    description: "Where it stands; a new CI without one is PLANNED.",
  })
  lifecycle?: DomainLifecycle | null;

  @Field(() => String, {
    nullable: true,
    description: "The environment it belongs to (e.g. prod, test), at most 64 characters.",
  })
  environment?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "For business services: 1 = most critical … 4 (VALIDATION otherwise).",
  })
  criticality?: number | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      "Free attributes, a JSON object checked against the type's definitions (required ones, JSON types); an import replaces a stored CI's whole map with it (null: leaves the map).",
  })
  attributes?: Record<string, unknown> | null;
}

@InputType("CreateConfigurationItemInput", {
  description: "A CI to create (createConfigurationItem).",
})
export class CreateConfigurationItemInput extends CiEntryInput {
  @Field(() => String, {
    nullable: true,
    description: "Why: kept in the CI's history and the audit trail (at most 2000 characters).",
  })
  reason?: string | null;
}

@InputType("ConfigurationItemChangesInput", {
  description:
    "The fields to change: an absent field stays as it is; null clears it. attributes is a JSON Merge Patch (RFC 7386) over the CI's attributes; replaceAttributes replaces them whole (give one of the two).",
})
export class ConfigurationItemChangesInput {
  @Field(() => String, {
    nullable: true,
    description: "A new key, unique (CONFLICT when another CI has it); may not be cleared.",
  })
  key?: string | null;

  @Field(() => String, { nullable: true, description: "A new name; may not be cleared." })
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Another CI type of the catalogue; the attributes are checked against it. May not be cleared.",
  })
  type?: string | null;

  @Field(() => String, { nullable: true, description: "A new version (null clears it)." })
  version?: string | null;

  @Field(() => String, { nullable: true, description: "A new owner (null clears it)." })
  owner?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "A new responsible team (null clears it).",
  })
  responsibleTeam?: string | null;

  @Field(() => Lifecycle, {
    nullable: true,
    description:
      "A new lifecycle (null: PLANNED); RETIRED retires the CI like retireConfigurationItem.",
  })
  lifecycle?: DomainLifecycle | null;

  @Field(() => String, { nullable: true, description: "A new environment (null clears it)." })
  environment?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "A new criticality, 1 = most critical … 4 (null clears it).",
  })
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

@InputType("UpdateConfigurationItemInput", {
  description: "A change to one CI (updateConfigurationItem).",
})
export class UpdateConfigurationItemInput {
  @Field(() => CiReferenceInput, { description: "The CI, by id or key (NOT_FOUND when none)." })
  ci: CiReferenceInput;

  @Field(() => Int, {
    description: "The revision read; a stale one is a CONFLICT and changes nothing.",
  })
  revision: number;

  @Field(() => ConfigurationItemChangesInput, {
    description: "The fields to change; a change that changes nothing writes nothing.",
  })
  changes: ConfigurationItemChangesInput;

  @Field(() => String, {
    nullable: true,
    description: "Why: kept in the CI's history and the audit trail (at most 2000 characters).",
  })
  reason?: string | null;
}

@InputType("RetireConfigurationItemInput", {
  description: "A CI to retire (retireConfigurationItem).",
})
export class RetireConfigurationItemInput {
  @Field(() => CiReferenceInput, { description: "The CI, by id or key (NOT_FOUND when none)." })
  ci: CiReferenceInput;

  @Field(() => Int, {
    description: "The revision read; a stale one is a CONFLICT and changes nothing.",
  })
  revision: number;

  @Field(() => String, {
    nullable: true,
    description: "Why: kept in the CI's history and the audit trail (at most 2000 characters).",
  })
  reason?: string | null;
}

@InputType("ConfigurationItemFilter", {
  description: "Every field optional; together they narrow (RETIRED CIs included unless excluded).",
})
export class ConfigurationItemFilter {
  @Field(() => String, {
    nullable: true,
    description: "A CI type; its subtypes too unless includeSubtypes is false.",
  })
  type?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description: "With type: false lists only CIs of exactly that type.",
  })
  includeSubtypes?: boolean | null;

  @Field(() => [Lifecycle], {
    nullable: true,
    description: "Only CIs in these lifecycles (null or empty: any, RETIRED included).",
  })
  lifecycles?: DomainLifecycle[] | null;

  @Field(() => String, { nullable: true, description: "Only CIs in this environment (exact)." })
  environment?: string | null;

  @Field(() => String, { nullable: true, description: "Only CIs with this owner (exact)." })
  owner?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Case-insensitive text in the key or the name.",
  })
  search?: string | null;
}
