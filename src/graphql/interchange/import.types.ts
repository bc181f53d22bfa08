import { Field, InputType, Int, ObjectType } from "type-graphql";
import type {
  DependentEnd as DomainDependentEnd,
  Lifecycle as DomainLifecycle,
} from "../../domain/interchange/interchange-document.js";
import { AttributeDefinitionInput } from "../catalogue/catalogue.types.js";
import { DependentEnd } from "../catalogue/dependent-end.enum.js";
import { Lifecycle } from "../ci/lifecycle.enum.js";
import { JSONScalar } from "../scalars.js";

@InputType("CiTypeEntryInput")
export class CiTypeEntryInput {
  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  parent?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [AttributeDefinitionInput], { nullable: true })
  attributes?: AttributeDefinitionInput[] | null;
}

@InputType("RelationshipTypeEntryInput")
export class RelationshipTypeEntryInput {
  @Field(() => String)
  name: string;

  @Field(() => String)
  inverseName: string;

  @Field(() => DependentEnd)
  dependent: DomainDependentEnd;

  @Field(() => [String], { nullable: true })
  allowedSourceTypes?: string[] | null;

  @Field(() => [String], { nullable: true })
  allowedTargetTypes?: string[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true })
  membership?: boolean | null;
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

@InputType("RelationshipEntryInput", {
  description: "A relationship of the interchange document, by CI keys.",
})
export class RelationshipEntryInput {
  @Field(() => String)
  from: string;

  @Field(() => String)
  to: string;

  @Field(() => String)
  type: string;
}

@InputType("ImportDocumentInput", {
  description: "The interchange document; every section is optional.",
})
export class ImportDocumentInput {
  @Field(() => [CiTypeEntryInput], { nullable: true })
  ciTypes?: CiTypeEntryInput[] | null;

  @Field(() => [RelationshipTypeEntryInput], { nullable: true })
  relationshipTypes?: RelationshipTypeEntryInput[] | null;

  @Field(() => [CiEntryInput], { nullable: true })
  configurationItems?: CiEntryInput[] | null;

  @Field(() => [RelationshipEntryInput], { nullable: true })
  relationships?: RelationshipEntryInput[] | null;
}

@ObjectType("ImportCounts")
export class ImportCountsType {
  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int)
  unchanged: number;
}

@ObjectType("ImportError", {
  description: "One entry that broke a rule; with any error, nothing is written.",
})
export class ImportErrorType {
  @Field(() => String, {
    description: "document, ciTypes, relationshipTypes, configurationItems or relationships",
  })
  section: string;

  @Field(() => Int, {
    nullable: true,
    description: "The entry's position in its section (0-based).",
  })
  index: number | null;

  @Field(() => String, { nullable: true, description: "The entry's key or name." })
  entry: string | null;

  @Field(() => String)
  field: string;

  @Field(() => String)
  message: string;
}

@ObjectType("ImportResult")
export class ImportResultType {
  @Field(() => Boolean)
  dryRun: boolean;

  @Field(() => Boolean, {
    description: "True when the document was written: no errors and not a dry run.",
  })
  applied: boolean;

  @Field(() => ImportCountsType)
  ciTypes: ImportCountsType;

  @Field(() => ImportCountsType)
  relationshipTypes: ImportCountsType;

  @Field(() => ImportCountsType)
  configurationItems: ImportCountsType;

  @Field(() => ImportCountsType, {
    description: "Relationships are never updated: created or unchanged.",
  })
  relationships: ImportCountsType;

  @Field(() => [ImportErrorType], { description: "Every error (the first 1000)." })
  errors: ImportErrorType[];

  @Field(() => Int)
  errorCount: number;
}
