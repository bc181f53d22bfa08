import type {
  CiEntry,
  Lifecycle,
  RelationshipEntry,
} from "../domain/interchange/interchange-document.js";
import type { EstateEntries } from "./estate/estate-document-writer.js";

/**
 * The demo estate: a small web shop and its back office, written to teach (docs/demo-estate.md).
 * Every application runs in PRODUCTION (Frankfurt) and in TEST (Dublin) at the same version, so
 * a release can be walked from TEST to PRODUCTION; a few known faults give the integrity check
 * something real to find. Keys say what a CI is (`db-orders`, `app-checkout-test`).
 *
 *   bs-* ─DEPENDS_ON→ svc-* ←PROVIDES─ app-* ─RUNS_ON→ ctr-* ─RUNS_ON→ cl-k8s-* ←MEMBER_OF─ vm-*
 *                                       app-* ─RUNS_ON→ vm-* (a pool: ─MEMBER_OF→ lb-*)
 *   app-* ─DEPENDS_ON→ db-* ─HOSTED_ON→ vm-* | srv-* ;  app-* ─CONSUMES→ svc-*
 *   vm-* ─HOSTED_ON→ srv-*-esx-* ←CONTAINS─ rack-* ─PART_OF→ dc-* ;  os-* ─INSTALLED_ON→ vm-*, srv-*
 */

type Stage = "prod" | "test";

interface Site {
  code: string;
  city: string;
  country: string;
  racks: number;
  hypervisors: number;
}
// PRODUCTION runs in Frankfurt, TEST in Dublin.
const FRANKFURT: Site = {
  code: "fra1",
  city: "Frankfurt",
  country: "DE",
  racks: 3,
  hypervisors: 9,
};
const DUBLIN: Site = { code: "dub1", city: "Dublin", country: "IE", racks: 2, hypervisors: 4 };
const SITES: readonly Site[] = [FRANKFURT, DUBLIN];
const SITE_OF: Record<Stage, Site> = { prod: FRANKFURT, test: DUBLIN };

interface DatabaseSpec {
  slug: string;
  name: string;
  engine: string;
  version: string;
  sizeGb: number;
}

/** How an application is deployed: replicas on Kubernetes, or VMs (a pool behind a balancer). */
type Deployment = { containers: number } | { vms: number };

interface AppSpec {
  slug: string;
  name: string;
  language: string;
  owner: string;
  team: string;
  /** In production and in TEST: the estate as it stands after the last release. */
  version: string;
  deployment: Deployment;
  service: string;
  database?: DatabaseSpec;
  /** Services of other applications it calls (their slugs). */
  consumes: readonly string[];
  /** Databases of other applications it reads (their slugs). */
  reads?: readonly string[];
  events?: boolean;
  gateway?: boolean;
}

const APPS: readonly AppSpec[] = [
  {
    slug: "checkout",
    name: "Checkout",
    language: "TypeScript",
    owner: "Maria Keller",
    team: "Checkout Engineering",
    version: "2.3.1",
    deployment: { containers: 3 },
    service: "Checkout API",
    database: {
      slug: "checkout",
      name: "Checkout sessions",
      engine: "Redis",
      version: "7.2",
      sizeGb: 12,
    },
    consumes: ["orders", "payments", "catalogue", "identity", "notifications"],
    events: true,
    gateway: true,
  },
  {
    slug: "payments",
    name: "Payments Gateway",
    language: "Java",
    owner: "Daniel Okafor",
    team: "Payments Engineering",
    version: "5.8.0",
    deployment: { vms: 2 },
    service: "Payments API",
    database: {
      slug: "payments",
      name: "Payments ledger",
      engine: "PostgreSQL",
      version: "16.2",
      sizeGb: 840,
    },
    consumes: ["identity"],
  },
  {
    slug: "orders",
    name: "Order Service",
    language: "Java",
    owner: "Priya Nair",
    team: "Order Management",
    version: "4.12.0",
    deployment: { containers: 3 },
    service: "Orders API",
    database: {
      slug: "orders",
      name: "Orders",
      engine: "PostgreSQL",
      version: "15.6",
      sizeGb: 1250,
    },
    consumes: ["inventory", "customers"],
    events: true,
  },
  {
    slug: "inventory",
    name: "Inventory Service",
    language: "Go",
    owner: "Priya Nair",
    team: "Order Management",
    version: "3.1.4",
    deployment: { containers: 2 },
    service: "Inventory API",
    database: {
      slug: "inventory",
      name: "Stock levels",
      engine: "PostgreSQL",
      version: "15.6",
      sizeGb: 96,
    },
    // production still calls the Orders API back (a known cycle); TEST no longer does
    consumes: [],
    events: true,
  },
  {
    slug: "catalogue",
    name: "Product Catalogue",
    language: "Kotlin",
    owner: "Lena Fischer",
    team: "Search and Discovery",
    version: "7.0.2",
    deployment: { containers: 2 },
    service: "Catalogue API",
    database: {
      slug: "catalogue",
      name: "Products",
      engine: "PostgreSQL",
      version: "16.2",
      sizeGb: 210,
    },
    consumes: [],
  },
  {
    slug: "search",
    name: "Product Search",
    language: "Java",
    owner: "Lena Fischer",
    team: "Search and Discovery",
    version: "1.18.0",
    deployment: { containers: 2 },
    service: "Search API",
    database: {
      slug: "search",
      name: "Search index",
      engine: "Elasticsearch",
      version: "8.13",
      sizeGb: 160,
    },
    consumes: ["catalogue"],
    gateway: true,
  },
  {
    slug: "customers",
    name: "Customer Accounts",
    language: "Java",
    owner: "Tomás Silva",
    team: "Customer Digital",
    version: "9.4.0",
    deployment: { vms: 2 },
    service: "Customers API",
    database: {
      slug: "customers",
      name: "Customer master",
      engine: "Oracle",
      version: "19c",
      sizeGb: 2300,
    },
    consumes: ["identity"],
  },
  {
    slug: "customer-portal",
    name: "Customer Portal",
    language: "TypeScript",
    owner: "Tomás Silva",
    team: "Customer Digital",
    version: "3.6.2",
    deployment: { containers: 2 },
    service: "Customer Portal web",
    consumes: ["customers", "orders", "identity", "notifications"],
    gateway: true,
  },
  {
    slug: "notifications",
    name: "Notifications",
    language: "Go",
    owner: "Aisha Rahman",
    team: "Platform Engineering",
    version: "2.0.5",
    deployment: { containers: 2 },
    service: "Notifications API",
    consumes: [],
    events: true,
  },
  {
    slug: "identity",
    name: "Keycloak",
    language: "Java",
    owner: "Aisha Rahman",
    team: "Identity and Access",
    version: "24.0.3",
    deployment: { vms: 2 },
    service: "Single Sign-On",
    database: {
      slug: "identity",
      name: "Identity store",
      engine: "PostgreSQL",
      version: "15.6",
      sizeGb: 40,
    },
    consumes: [],
  },
  {
    slug: "payroll",
    name: "Payroll",
    language: "Java",
    owner: "Helen Brooks",
    team: "HR Systems",
    version: "11.2",
    deployment: { vms: 1 },
    service: "Payroll run",
    database: { slug: "payroll", name: "Payroll", engine: "Oracle", version: "19c", sizeGb: 620 },
    consumes: ["identity"],
  },
  {
    slug: "hr-portal",
    name: "HR Portal",
    language: "C#",
    owner: "Helen Brooks",
    team: "HR Systems",
    version: "6.1.0",
    deployment: { vms: 2 },
    service: "HR Portal web",
    database: {
      slug: "hr",
      name: "Employee records",
      engine: "SQL Server",
      version: "2022",
      sizeGb: 180,
    },
    consumes: ["payroll", "identity"],
  },
  {
    slug: "reporting",
    name: "Management Reporting",
    language: "Python",
    owner: "Oliver Grant",
    team: "Finance Systems",
    version: "2.9.0",
    deployment: { vms: 1 },
    service: "Reports",
    database: {
      slug: "reporting",
      name: "Reporting warehouse",
      engine: "PostgreSQL",
      version: "16.2",
      sizeGb: 3100,
    },
    consumes: [],
    reads: ["orders", "payments"],
  },
];

interface BusinessServiceSpec {
  slug: string;
  name: string;
  criticality: number;
  serviceLevel: string;
  owner: string;
  team: string;
  /** Applications whose services it needs. */
  apps: readonly string[];
}
const BUSINESS_SERVICES: readonly BusinessServiceSpec[] = [
  {
    slug: "online-checkout",
    name: "Online Checkout",
    criticality: 1,
    serviceLevel: "99.95%",
    owner: "Maria Keller",
    team: "Checkout Engineering",
    apps: ["checkout"],
  },
  {
    slug: "payments",
    name: "Payments",
    criticality: 1,
    serviceLevel: "99.99%",
    owner: "Daniel Okafor",
    team: "Payments Engineering",
    apps: ["payments"],
  },
  {
    slug: "customer-portal",
    name: "Customer Portal",
    criticality: 2,
    serviceLevel: "99.9%",
    owner: "Tomás Silva",
    team: "Customer Digital",
    apps: ["customer-portal"],
  },
  {
    slug: "search",
    name: "Search",
    criticality: 2,
    serviceLevel: "99.9%",
    owner: "Lena Fischer",
    team: "Search and Discovery",
    apps: ["search"],
  },
  {
    slug: "order-management",
    name: "Order Management",
    criticality: 2,
    serviceLevel: "99.9%",
    owner: "Priya Nair",
    team: "Order Management",
    apps: ["orders", "inventory"],
  },
  {
    slug: "payroll",
    name: "Payroll",
    criticality: 2,
    serviceLevel: "99.5%",
    owner: "Helen Brooks",
    team: "HR Systems",
    apps: ["payroll"],
  },
  {
    slug: "employee-self-service",
    name: "Employee Self-Service",
    criticality: 3,
    serviceLevel: "99.5%",
    owner: "Helen Brooks",
    team: "HR Systems",
    apps: ["hr-portal"],
  },
  {
    slug: "management-reporting",
    name: "Management Reporting",
    criticality: 4,
    serviceLevel: "99%",
    owner: "Oliver Grant",
    team: "Finance Systems",
    apps: ["reporting"],
  },
];

const INFRASTRUCTURE = { owner: "Jonas Weber", team: "Data Centre Operations" };
const NETWORK = { owner: "Jonas Weber", team: "Network Operations" };
const COMPUTE = { owner: "Sven Larsen", team: "Compute and Virtualisation" };
const PLATFORM = { owner: "Aisha Rahman", team: "Platform Engineering" };
const DBA = "Database Administration";

const pad2 = (n: number): string => String(n).padStart(2, "0");
const suffix = (stage: Stage): string => (stage === "test" ? "-test" : "");
const lifecycleOf = (stage: Stage): Lifecycle => (stage === "test" ? "TEST" : "PRODUCTION");

/** Builds the demo estate: its CIs and relationships, in a fixed order. */
class DemoBuilder {
  readonly cis: CiEntry[] = [];
  readonly relationships: RelationshipEntry[] = [];
  private readonly keys = new Set<string>();
  /** Hosts per site, filled in turn so VMs spread over the hypervisors. */
  private readonly placed = new Map<string, number>();
  private ip = 10;

  ci(entry: CiEntry): string {
    if (this.keys.has(entry.key)) throw new Error(`demo estate: duplicate key ${entry.key}`);
    this.keys.add(entry.key);
    this.cis.push(entry);
    return entry.key;
  }

  nameOf(key: string): string {
    const found = this.cis.find((c) => c.key === key);
    if (!found) throw new Error(`demo estate: no ${key}`);
    return found.name;
  }

  rel(from: string, type: string, to: string): void {
    for (const key of [from, to]) {
      if (!this.keys.has(key)) throw new Error(`demo estate: ${from} ${type} ${to}: no ${key}`);
    }
    this.relationships.push({ from, to, type });
  }

  fields(
    stage: Stage | "infra",
    who: { owner: string; team: string },
  ): Pick<CiEntry, "owner" | "responsibleTeam" | "lifecycle" | "environment"> {
    const s: Stage = stage === "infra" ? "prod" : stage;
    return {
      owner: who.owner,
      responsibleTeam: who.team,
      lifecycle: lifecycleOf(s),
      environment: s === "test" ? "test" : "production",
    };
  }

  nextIp(site: Site): string {
    this.ip += 1;
    return `10.${site.code === "fra1" ? 20 : 30}.${Math.floor(this.ip / 200)}.${this.ip % 200}`;
  }

  // --- infrastructure ---------------------------------------------------------------------------

  site(site: Site): void {
    const dc = this.ci({
      key: `dc-${site.code}`,
      name: `${site.city} Data Centre`,
      type: "Datacenter",
      ...this.fields("infra", INFRASTRUCTURE),
      attributes: { location: `${site.city}, ${site.country}` },
    });
    const core = [1, 2].map((n) =>
      this.ci({
        key: `net-${site.code}-core-${pad2(n)}`,
        name: `${site.code}-core-sw-${pad2(n)}`,
        type: "NetworkDevice",
        ...this.fields("infra", NETWORK),
      }),
    );
    const firewall = this.ci({
      key: `net-${site.code}-fw-01`,
      name: `${site.code}-fw-01`,
      type: "NetworkDevice",
      ...this.fields("infra", NETWORK),
    });
    for (const c of core) this.rel(firewall, "CONNECTS_TO", c);
    for (let r = 1; r <= site.racks; r++) {
      const rack = this.ci({
        key: `rack-${site.code}-a${pad2(r)}`,
        name: `${site.code} rack A${pad2(r)}`,
        type: "Rack",
        ...this.fields("infra", INFRASTRUCTURE),
      });
      this.rel(rack, "PART_OF", dc);
      const tor = this.ci({
        key: `net-${site.code}-tor-a${pad2(r)}`,
        name: `${site.code}-tor-sw-a${pad2(r)}`,
        type: "NetworkDevice",
        ...this.fields("infra", NETWORK),
      });
      this.rel(rack, "CONTAINS", tor);
      for (const c of core) this.rel(tor, "CONNECTS_TO", c);
    }
    const storage = this.ci({
      key: `stor-${site.code}-01`,
      name: `${site.code} NetApp AFF A400`,
      type: "Storage",
      ...this.fields("infra", INFRASTRUCTURE),
      attributes: { capacityTb: site.code === "fra1" ? 480 : 160 },
    });
    this.rel(`rack-${site.code}-a01`, "CONTAINS", storage);
    for (const c of core) this.rel(storage, "CONNECTS_TO", c);
    for (let h = 1; h <= site.hypervisors; h++) {
      const rack = `rack-${site.code}-a${pad2(((h - 1) % site.racks) + 1)}`;
      const server = this.server(site, `esx-${pad2(h)}`, rack, {
        cpuCores: 64,
        memoryGb: 1024,
      });
      this.os(server, "VMware ESXi", "8.0 U2", "VMware ESXi", COMPUTE);
      this.rel(server, "DEPENDS_ON", storage);
    }
  }

  server(site: Site, name: string, rack: string, size: Record<string, number>): string {
    const key = this.ci({
      key: `srv-${site.code}-${name}`,
      name: `${site.code}-${name}`,
      type: "Server",
      ...this.fields("infra", COMPUTE),
      attributes: { ...size, ipAddress: this.nextIp(site) },
    });
    this.rel(rack, "CONTAINS", key);
    this.rel(key, "CONNECTS_TO", rack.replace("rack-", "net-").replace("-a", "-tor-a"));
    return key;
  }

  os(
    host: string,
    product: string,
    version: string,
    family: string,
    who: { owner: string; team: string },
    stage: Stage | "infra" = "infra",
  ): void {
    const key = this.ci({
      key: host.replace(/^(srv|vm)-/, "os-"),
      name: `${product} ${version} on ${this.nameOf(host)}`,
      type: "OperatingSystem",
      version,
      ...this.fields(stage, who),
      attributes: { family, patchLevel: "2026-11" },
    });
    this.rel(key, "INSTALLED_ON", host);
  }

  /** A VM on the next hypervisor of the stage's site, with its OS and uplink. */
  vm(stage: Stage, name: string, who: { owner: string; team: string }, windows = false): string {
    const site = SITE_OF[stage];
    const turn = this.placed.get(site.code) ?? 0;
    this.placed.set(site.code, turn + 1);
    const h = (turn % site.hypervisors) + 1;
    const server = `srv-${site.code}-esx-${pad2(h)}`;
    const key = this.ci({
      key: `vm-${name}`,
      name: `${site.code}-${name}`,
      type: "VirtualMachine",
      ...this.fields(stage, who),
      attributes: { cpuCores: 4, memoryGb: 16, ipAddress: this.nextIp(site) },
    });
    this.rel(key, "HOSTED_ON", server);
    this.rel(key, "CONNECTS_TO", `net-${site.code}-tor-a${pad2(((h - 1) % site.racks) + 1)}`);
    if (windows) this.os(key, "Windows Server", "2022", "Windows", who, stage);
    else this.os(key, "Red Hat Enterprise Linux", "9.4", "Linux", who, stage);
    return key;
  }

  cluster(stage: Stage, slug: string, name: string, nodes: number, minimum: number): string {
    const key = this.ci({
      key: `cl-${slug}${suffix(stage)}`,
      name: `${name}${stage === "test" ? " (test)" : ""}`,
      type: "Cluster",
      ...(slug === "k8s" ? { version: "1.30.1" } : {}),
      ...this.fields(stage, PLATFORM),
      attributes: { minimumMembers: minimum },
    });
    for (let n = 1; n <= nodes; n++) {
      this.rel(this.vm(stage, `${slug}${suffix(stage)}-${pad2(n)}`, PLATFORM), "MEMBER_OF", key);
    }
    this.rel(key, "DEPENDS_ON", `stor-${SITE_OF[stage].code}-01`);
    return key;
  }

  // --- applications -----------------------------------------------------------------------------

  application(app: AppSpec, stage: Stage): void {
    const who = { owner: app.owner, team: app.team };
    const s = suffix(stage);
    const version = app.version;
    const key = this.ci({
      key: `app-${app.slug}${s}`,
      name: `${app.name}${stage === "test" ? " (test)" : ""}`,
      type: "Application",
      version,
      ...this.fields(stage, who),
      attributes: {
        language: app.language,
        repository: `https://git.example.com/shop/${app.slug}`,
      },
    });
    const service = this.ci({
      key: `svc-${app.slug}${s}`,
      name: `${app.service}${stage === "test" ? " (test)" : ""}`,
      type: "ApplicationService",
      version: `v${version.split(".")[0] ?? "1"}`,
      ...this.fields(stage, who),
    });
    this.rel(key, "PROVIDES", service);
    if ("containers" in app.deployment) {
      const image = this.ci({
        key: `img-${app.slug}${s}`,
        name: `${stage === "test" ? "registry-test" : "registry"}.example.com/shop/${app.slug}:${version}`,
        type: "ContainerImage",
        version,
        ...this.fields(stage, who),
        attributes: { digest: `sha256:${digest(`${app.slug}:${version}`)}` },
      });
      this.rel(image, "OWNED_BY", key);
      const replicas = stage === "test" ? 1 : app.deployment.containers;
      for (let r = 1; r <= replicas; r++) {
        const container = this.ci({
          key: `ctr-${app.slug}${s}-${r}`,
          name: `${app.slug}-${digest(`${app.slug}${s}`).slice(0, 5)}-${r}`,
          type: "Container",
          version,
          ...this.fields(stage, who),
        });
        this.rel(container, "RUNS_ON", `cl-k8s${s}`);
        this.rel(container, "DEPENDS_ON", image);
        this.rel(key, "RUNS_ON", container);
      }
    } else {
      const vms = stage === "test" ? 1 : app.deployment.vms;
      const windows = app.language === "C#";
      const hosts = Array.from({ length: vms }, (_, i) =>
        this.vm(stage, `${app.slug}${s}-${pad2(i + 1)}`, who, windows),
      );
      for (const host of hosts) this.rel(key, "RUNS_ON", host);
      if (vms > 1) {
        const lb = this.ci({
          key: `lb-${app.slug}${s}`,
          name: `${app.name} load balancer${stage === "test" ? " (test)" : ""}`,
          type: "LoadBalancer",
          ...this.fields(stage, NETWORK),
          attributes: { minimumMembers: 1, vip: this.nextIp(SITE_OF[stage]) },
        });
        for (const host of hosts) this.rel(host, "MEMBER_OF", lb);
        this.rel(lb, "CONNECTS_TO", `net-${SITE_OF[stage].code}-fw-01`);
        this.rel(service, "HOSTED_ON", lb);
      }
    }
    if (app.database) this.database(app, app.database, stage, key);
  }

  database(app: AppSpec, db: DatabaseSpec, stage: Stage, user: string): void {
    const s = suffix(stage);
    const entry: CiEntry = {
      key: `db-${db.slug}${s}`,
      name: `${db.name}${stage === "test" ? " (test)" : ""}`,
      type: "Database",
      version: db.version,
      ...this.fields(stage, { owner: app.owner, team: DBA }),
      attributes: {
        engine: db.engine,
        sizeGb: stage === "test" ? Math.ceil(db.sizeGb / 10) : db.sizeGb,
      },
    };
    // a known finding: nobody has claimed the reporting warehouse in production
    if (db.slug === "reporting" && stage === "prod") delete entry.owner;
    const key = this.ci(entry);
    // Payroll's database runs on a bare-metal server of its own: the single point of failure
    const host =
      db.slug === "payroll" && stage === "prod"
        ? "srv-fra1-bm-01"
        : this.vm(
            stage,
            `db-${db.slug}${s}-01`,
            { owner: app.owner, team: DBA },
            db.engine === "SQL Server",
          );
    this.rel(key, "HOSTED_ON", host);
    this.rel(key, "DEPENDS_ON", `stor-${SITE_OF[stage].code}-01`);
    this.rel(user, "DEPENDS_ON", key);
  }
}

/** A stable, made-up hex digest of a text (FNV-1a, widened). */
function digest(text: string): string {
  let out = "";
  for (let round = 0; round < 8; round++) {
    let h = 0x811c9dc5 ^ round;
    for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
    out += (h >>> 0).toString(16).padStart(8, "0");
  }
  return out;
}

/** The demo estate (docs/demo-estate.md). */
export function demoEstate(): EstateEntries {
  const b = new DemoBuilder();
  for (const site of SITES) b.site(site);
  // the bare-metal database server of Payroll, and the platform every stage shares
  const bareMetal = b.server(FRANKFURT, "bm-01", "rack-fra1-a03", { cpuCores: 32, memoryGb: 384 });
  b.os(bareMetal, "Oracle Linux", "8.9", "Linux", COMPUTE);
  b.rel(bareMetal, "DEPENDS_ON", "stor-fra1-01");
  for (const stage of ["prod", "test"] as const) {
    b.cluster(stage, "k8s", "Kubernetes", stage === "prod" ? 4 : 3, stage === "prod" ? 3 : 2);
    const kafka = b.cluster(stage, "kafka", "Kafka", 3, 2);
    b.ci({
      key: `mq-events${suffix(stage)}`,
      name: `Shop events${stage === "test" ? " (test)" : ""}`,
      type: "MessageQueue",
      version: "3.7",
      ...b.fields(stage, PLATFORM),
    });
    b.rel(`mq-events${suffix(stage)}`, "RUNS_ON", kafka);
    const gateways = [1, 2].slice(0, stage === "prod" ? 2 : 1);
    b.ci({
      key: `mw-api-gateway${suffix(stage)}`,
      name: `Kong API Gateway${stage === "test" ? " (test)" : ""}`,
      type: "Middleware",
      version: "3.6",
      ...b.fields(stage, PLATFORM),
    });
    for (const n of gateways) {
      b.rel(
        `mw-api-gateway${suffix(stage)}`,
        "RUNS_ON",
        b.vm(stage, `api-gateway${suffix(stage)}-${pad2(n)}`, PLATFORM),
      );
    }
  }
  // providers first, so every CONSUMES names a service that exists
  const order = [...APPS].reverse();
  for (const stage of ["prod", "test"] as const) {
    for (const app of order) b.application(app, stage);
    for (const app of APPS) {
      const s = suffix(stage);
      for (const other of app.consumes)
        b.rel(`app-${app.slug}${s}`, "CONSUMES", `svc-${other}${s}`);
      for (const db of app.reads ?? []) b.rel(`app-${app.slug}${s}`, "DEPENDS_ON", `db-${db}${s}`);
      if (app.events) b.rel(`app-${app.slug}${s}`, "DEPENDS_ON", `mq-events${s}`);
      if (app.gateway) b.rel(`app-${app.slug}${s}`, "DEPENDS_ON", `mw-api-gateway${s}`);
    }
  }
  // a known finding: in production, Inventory calls the Orders API back (a dependency cycle)
  b.rel("app-inventory", "CONSUMES", "svc-orders");
  for (const bs of BUSINESS_SERVICES) {
    const key = b.ci({
      key: `bs-${bs.slug}`,
      name: bs.name,
      type: "BusinessService",
      ...b.fields("prod", bs),
      criticality: bs.criticality,
      attributes: { serviceLevel: bs.serviceLevel },
    });
    for (const app of bs.apps) b.rel(key, "DEPENDS_ON", `svc-${app}`);
  }
  // known findings: two CIs related to nothing (a forgotten VM, an application nobody uses)
  b.ci({
    key: "vm-legacy-ftp",
    name: "fra1-legacy-ftp-01",
    type: "VirtualMachine",
    ...b.fields("prod", COMPUTE),
    attributes: { cpuCores: 2, memoryGb: 4, ipAddress: "10.20.9.21" },
  });
  b.ci({
    key: "app-fax-gateway",
    name: "Fax Gateway",
    type: "Application",
    version: "1.4",
    ...b.fields("prod", { owner: "Oliver Grant", team: "Finance Systems" }),
    attributes: { language: "Java" },
  });
  return { configurationItems: () => b.cis, relationships: () => b.relationships };
}
