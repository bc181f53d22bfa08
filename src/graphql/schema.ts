import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { AuditResolver } from "./audit/audit.resolver.js";
import { AuthResolver } from "./auth/auth.resolver.js";
import { BaselineResolver } from "./baseline/baseline.resolver.js";
import { CatalogueResolver } from "./catalogue/catalogue.resolver.js";
import {
  AssessedItemResolver,
  ChangeResolver,
  RfcAssessmentResolver,
  FreezeWindowResolver,
  RfcCollisionResolver,
} from "./change/change.resolver.js";
import { ConfigurationItemResolver } from "./ci/configuration-item.resolver.js";
import {
  DependencyCycleResolver,
  DependencyPathResolver,
  ImpactReportResolver,
  ImpactResolver,
  SinglePointsOfFailureResolver,
} from "./impact/impact.resolver.js";
import {
  IntegrityReportResolver,
  IntegrityResolver,
  RuleResultResolver,
} from "./integrity/integrity.resolver.js";
import {
  DerivedComponentEdgeResolver,
  DerivedServiceDependencyResolver,
  DiscoveryResolver,
  UnauthorizedChangeResolver,
} from "./discovery/discovery.resolver.js";
import { ImportResolver } from "./interchange/import.resolver.js";
import {
  ReleaseContentResolver,
  ReleaseResolver,
  ReleaseRfcResolver,
} from "./release/release.resolver.js";
import { RelationshipResolver } from "./relationship/relationship.resolver.js";
import { UserResolver } from "./user/user.resolver.js";
import { NodeResolver } from "./relay/node.resolver.js";
import { applyOneOf } from "./relay/one-of.js";
import { scalarsMap } from "./scalars.js";
import { applyTypeResolvers } from "./type-resolvers.js";

export const resolvers = [
  NodeResolver,
  AuthResolver,
  UserResolver,
  CatalogueResolver,
  ConfigurationItemResolver,
  RelationshipResolver,
  ImportResolver,
  DiscoveryResolver,
  UnauthorizedChangeResolver,
  DerivedServiceDependencyResolver,
  DerivedComponentEdgeResolver,
  ImpactResolver,
  ImpactReportResolver,
  SinglePointsOfFailureResolver,
  DependencyCycleResolver,
  DependencyPathResolver,
  ChangeResolver,
  AssessedItemResolver,
  RfcAssessmentResolver,
  RfcCollisionResolver,
  FreezeWindowResolver,
  AuditResolver,
  BaselineResolver,
  IntegrityResolver,
  IntegrityReportResolver,
  RuleResultResolver,
  ReleaseResolver,
  ReleaseContentResolver,
  ReleaseRfcResolver,
] as const;

export async function buildGraphqlSchema(): Promise<GraphQLSchema> {
  return applyTypeResolvers(
    applyOneOf(await buildSchema({ resolvers, scalarsMap, validate: false })),
  );
}

/** The text committed as `schema.graphql` (sorted, so that it only changes when the API does). */
export async function printGraphqlSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildGraphqlSchema()))}\n`;
}
