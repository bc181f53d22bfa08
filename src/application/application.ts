import path from "node:path";
import type { Config } from "../config/config.js";
import type { Database } from "../neo4j/database.js";
import { AuditService } from "./audit/audit.service.js";
import { BaselineService } from "./baseline/baseline.service.js";
import { IntegrityService } from "./integrity/integrity.service.js";
import { ReleaseService } from "./release/release.service.js";
import { ApprovalService } from "./change/approval.service.js";
import { AssessmentService } from "./change/assessment.service.js";
import { ImplementationService } from "./change/implementation.service.js";
import { RfcService } from "./change/rfc.service.js";
import { ScheduleService } from "./change/schedule.service.js";
import { StandardChangeService } from "./change/standard-change.service.js";
import { ApiTokenService } from "./auth/api-token.service.js";
import { JwtAuthenticator } from "./auth/jwt-authenticator.js";
import { CatalogueService } from "./catalogue/catalogue.service.js";
import { ConfigurationItemService } from "./ci/configuration-item.service.js";
import { DiscoveryService } from "./discovery/discovery.service.js";
import { ReadinessService } from "./health/readiness.service.js";
import { ExportService } from "./interchange/export.service.js";
import { ImportService } from "./interchange/import.service.js";
import { ImpactService } from "./impact/impact.service.js";
import { Telemetry } from "./telemetry.js";
import { NodeService } from "./node/node.service.js";
import { RelationshipService } from "./relationship/relationship.service.js";
import { UserService } from "./user/user.service.js";

/** The one core behind every door (GraphQL, web page, CLI, tests): the use cases, wired once. */
export class Application {
  readonly users: UserService;
  readonly tokens: ApiTokenService;
  readonly readiness: ReadinessService;
  readonly catalogue: CatalogueService;
  readonly cis: ConfigurationItemService;
  readonly relationships: RelationshipService;
  readonly imports: ImportService;
  readonly exports: ExportService;
  readonly discovery: DiscoveryService;
  readonly impact: ImpactService;
  /** Change management, by use case. */
  readonly rfcs: RfcService;
  readonly assessments: AssessmentService;
  readonly approvals: ApprovalService;
  readonly schedules: ScheduleService;
  readonly implementations: ImplementationService;
  readonly standardChanges: StandardChangeService;
  readonly audit: AuditService;
  readonly baselines: BaselineService;
  readonly integrity: IntegrityService;
  readonly releases: ReleaseService;
  /** Global ids: which kind an id names. */
  readonly nodes: NodeService;
  /** Impact walks and imports as they happen, for the metrics. */
  readonly telemetry = new Telemetry();

  constructor(
    readonly db: Database,
    readonly config: Pick<Config, "adminToken" | "impact" | "change"> &
      Partial<Pick<Config, "jwt">>,
  ) {
    this.users = new UserService();
    this.tokens = new ApiTokenService(
      config.adminToken,
      this.users,
      config.jwt ? new JwtAuthenticator(config.jwt) : null,
    );
    // kept fresh by reads of its own, beside the requests that use it
    this.catalogue = new CatalogueService(() => db.scope());
    this.cis = new ConfigurationItemService();
    this.relationships = new RelationshipService();
    this.imports = new ImportService(this.catalogue, this.telemetry);
    this.exports = new ExportService();
    this.impact = new ImpactService(config.impact, this.catalogue, this.telemetry);
    this.readiness = new ReadinessService(db, migrationsDirectory(db), (scope) =>
      this.impact.walkInUse(scope),
    );
    this.rfcs = new RfcService();
    this.discovery = new DiscoveryService(this.imports, this.rfcs, this.telemetry);
    this.assessments = new AssessmentService(config.change, this.impact, this.catalogue);
    this.approvals = new ApprovalService();
    this.schedules = new ScheduleService();
    this.implementations = new ImplementationService(config.change, this.catalogue);
    this.standardChanges = new StandardChangeService();
    this.audit = new AuditService();
    this.baselines = new BaselineService(this.impact, this.rfcs);
    this.integrity = new IntegrityService(this.impact, this.baselines);
    this.nodes = new NodeService();
    this.releases = new ReleaseService(
      this.impact,
      this.rfcs,
      this.implementations,
      this.baselines,
    );
  }
}

export function migrationsDirectory(db: Database): string {
  return path.join(db.registry.directory, "migrations");
}
