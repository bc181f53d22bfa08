import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { ImportSection as DomainImportSection } from "../../application/interchange/import.service.js";
import { CiTypeEntryInput, RelationshipTypeEntryInput } from "../catalogue/catalogue.types.js";
import { CiEntryInput } from "../ci/ci.inputs.js";

@InputType("RelationshipEntryInput", {
  description: "A relationship of the interchange document, by CI keys.",
})
export class RelationshipEntryInput {
  @Field(() => String, {
    description: "The key of the CI it starts at (in the CMDB or in this document).",
  })
  from: string;

  @Field(() => String, {
    description: "The key of the CI it ends at (in the CMDB or in this document).",
  })
  to: string;

  @Field(() => String, {
    description: "A relationship type's name (in the catalogue or in this document).",
  })
  type: string;
}

@InputType("ImportDocumentInput", {
  description: "The interchange document; every section is optional.",
})
export class ImportDocumentInput {
  @Field(() => [CiTypeEntryInput], {
    nullable: true,
    description:
      "CI types to create or change, by name; changing or adding one needs ADMIN (restating one unchanged does not).",
  })
  ciTypes?: CiTypeEntryInput[] | null;

  @Field(() => [RelationshipTypeEntryInput], {
    nullable: true,
    description:
      "Relationship types to create or change, by name; changing or adding one needs ADMIN (restating one unchanged does not).",
  })
  relationshipTypes?: RelationshipTypeEntryInput[] | null;

  @Field(() => [CiEntryInput], {
    nullable: true,
    description: "CIs to create or update, matched by key.",
  })
  configurationItems?: CiEntryInput[] | null;

  @Field(() => [RelationshipEntryInput], {
    nullable: true,
    description: "Relationships to create; one already in force is left as it is.",
  })
  relationships?: RelationshipEntryInput[] | null;
}

@InputType("ImportConfigurationInput", {
  description: "An interchange document to import (importConfiguration), or to try as a dry run.",
})
export class ImportConfigurationInput {
  @Field(() => ImportDocumentInput, { description: "The interchange document." })
  document: ImportDocumentInput;

  @Field(() => Boolean, {
    defaultValue: false,
    description: "Check everything and count what would change, then write nothing.",
  })
  dryRun: boolean;
}

/** The document's section names, upper snake case in GraphQL. */
export const ImportSection = {
  DOCUMENT: "document",
  CI_TYPES: "ciTypes",
  RELATIONSHIP_TYPES: "relationshipTypes",
  CONFIGURATION_ITEMS: "configurationItems",
  RELATIONSHIPS: "relationships",
} as const satisfies Record<string, DomainImportSection>;

registerEnumType(ImportSection, {
  name: "ImportSection",
  description: "Where in the interchange document an import error is.",
  valuesConfig: {
    DOCUMENT: { description: "The document as a whole (its shape, its size)." },
    CI_TYPES: { description: "The ciTypes section." },
    RELATIONSHIP_TYPES: { description: "The relationshipTypes section." },
    CONFIGURATION_ITEMS: { description: "The configurationItems section." },
    RELATIONSHIPS: { description: "The relationships section." },
  },
});

@ObjectType("ImportCounts", {
  description: "What an import did (or, in a dry run, would do) to the entries of one section.",
})
export class ImportCountsType {
  @Field(() => Int, { description: "Entries that are new." })
  created: number;

  @Field(() => Int, { description: "Entries that exist and change." })
  updated: number;

  @Field(() => Int, { description: "Entries that exist as stated: not written again." })
  unchanged: number;
}

@ObjectType("ImportError", {
  description: "One entry that broke a rule; with any error, nothing is written.",
})
export class ImportErrorType {
  @Field(() => ImportSection, { description: "The section the entry is in." })
  section: DomainImportSection;

  @Field(() => Int, {
    nullable: true,
    description: "The entry's position in its section (0-based).",
  })
  index: number | null;

  @Field(() => String, { nullable: true, description: "The entry's key or name." })
  entry: string | null;

  @Field(() => String, { description: "The field of the entry at fault." })
  field: string;

  @Field(() => String, { description: "What is wrong, in words." })
  message: string;
}

@ObjectType("ImportReport", {
  description: "What an import did, or would do: counts per section and every error.",
})
export class ImportReportType {
  @Field(() => Boolean, { description: "True when asked as a dry run: nothing was written." })
  dryRun: boolean;

  @Field(() => Boolean, {
    description: "True when the document was written: no errors and not a dry run.",
  })
  applied: boolean;

  @Field(() => ImportCountsType, { description: "The ciTypes section." })
  ciTypes: ImportCountsType;

  @Field(() => ImportCountsType, { description: "The relationshipTypes section." })
  relationshipTypes: ImportCountsType;

  @Field(() => ImportCountsType, { description: "The configurationItems section." })
  configurationItems: ImportCountsType;

  @Field(() => ImportCountsType, {
    description: "Relationships are never updated: created or unchanged.",
  })
  relationships: ImportCountsType;

  @Field(() => [ImportErrorType], { description: "Every error (the first 1000)." })
  errors: ImportErrorType[];

  @Field(() => Int, { description: "How many errors in all (errors lists the first 1000)." })
  errorCount: number;
}

@ObjectType("ImportConfigurationPayload", { description: "What importConfiguration did." })
export class ImportConfigurationPayload {
  @Field(() => ImportReportType, {
    description: "Counts per section and every error (with any error, nothing was written).",
  })
  report: ImportReportType;
}

export const ImportInProgressState = { RUNNING: "RUNNING", ABORTING: "ABORTING" } as const;

registerEnumType(ImportInProgressState, {
  name: "ImportInProgressState",
  description: "Where an unfinished streamed import stands.",
  valuesConfig: {
    RUNNING: {
      description:
        "Writing batches now, or its process stopped half-way: `graph-cmdb import --resume FILE` finishes it, `graph-cmdb import --abort` undoes it.",
    },
    ABORTING: {
      description:
        "Being undone, or its undo stopped half-way: `graph-cmdb import --abort` finishes it.",
    },
  },
});

@ObjectType("ImportInProgress", {
  description:
    "A streamed import (the CLI's `graph-cmdb import`) that has not finished: what it wrote so far is in the CMDB, and no other streamed import can start until it is finished or undone.",
})
export class ImportInProgressType {
  @Field(() => String, {
    description: "The import's id (its journal; the audit entry's target once applied).",
  })
  id: string;

  @Field(() => ImportInProgressState, { description: "Running, or being undone." })
  state: "RUNNING" | "ABORTING";

  @Field(() => String, { description: "The document it reads (a file name, or standard input)." })
  source: string;

  @Field(() => String, { description: "Who started it." })
  actor: string;

  @Field(() => String, { nullable: true, description: "Why (kept in every CI's history)." })
  reason: string | null;

  @Field(() => Boolean, { description: "A dry run (it undoes itself at the end)." })
  dryRun: boolean;

  @Field(() => Date, { description: "When it started." })
  startedAt: Date;

  @Field(() => Date, {
    description:
      "When its last batch committed: a RUNNING import whose time stands still has stopped and waits for --resume or --abort.",
  })
  updatedAt: Date;

  @Field(() => Int, { description: "Batches committed (each its own transaction)." })
  batchesDone: number;

  @Field(() => Int, { description: "Entries of configurationItems read and written so far." })
  configurationItemsDone: number;

  @Field(() => Int, { description: "Entries of relationships read and written so far." })
  relationshipsDone: number;
}
