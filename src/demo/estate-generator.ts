import type {
  CiEntry,
  Lifecycle,
  RelationshipEntry,
} from "../domain/interchange/interchange-document.js";

/**
 * A deterministic, realistic enterprise estate in the interchange format: sites, racks, hosts,
 * clusters, platforms, applications, their services and the business services on top, with the
 * heavy-tailed fan-in of a real CMDB (a few shared services, databases and switches that much of
 * the estate leans on).
 *
 * Everything structural is planned up front in typed arrays (a few numbers per CI); entries are
 * then produced lazily, so a million CIs and five million relationships stream to a file without
 * being held in memory. Same options, same bytes.
 */
export interface EstateOptions {
  ciCount: number;
  seed?: number;
  /**
   * Target relationships per CI (default 5), met within a few per cent. The structure alone needs
   * about 2; below a few hundred CIs there may be too few distinct targets for high ratios.
   */
  relationshipsPerCi?: number;
}

export interface EstateSummary {
  ciCount: number;
  relationshipCount: number;
  /** CIs per CI type. */
  byType: Record<string, number>;
}

export interface Estate {
  configurationItems(): Iterable<CiEntry>;
  relationships(): Iterable<RelationshipEntry>;
  readonly summary: EstateSummary;
}

/** Below this the layers cannot all be populated. */
export const MIN_ESTATE_CI_COUNT = 100;
export const DEFAULT_RELATIONSHIPS_PER_CI = 5;
const DEFAULT_SEED = 1;

// CI types, in output order.
const DC = 0;
const RACK = 1;
const NET = 2;
const STOR = 3;
const SRV = 4;
const VM = 5;
const OS = 6;
const CL = 7;
const LB = 8;
const IMG = 9;
const CTR = 10;
const DB = 11;
const MQ = 12;
const MW = 13;
const APP = 14;
const SVC = 15;
const BS = 16;
const TYPE_COUNT = 17;

const TYPE_NAMES: readonly string[] = [
  "Datacenter",
  "Rack",
  "NetworkDevice",
  "Storage",
  "Server",
  "VirtualMachine",
  "OperatingSystem",
  "Cluster",
  "LoadBalancer",
  "ContainerImage",
  "Container",
  "Database",
  "MessageQueue",
  "Middleware",
  "Application",
  "ApplicationService",
  "BusinessService",
];
const KEY_PREFIX: readonly string[] = [
  "dc",
  "rack",
  "net",
  "stor",
  "srv",
  "vm",
  "os",
  "cl",
  "lb",
  "img",
  "ctr",
  "db",
  "mq",
  "mw",
  "app",
  "svc",
  "bs",
];
const KEY_DIGITS: readonly number[] = [2, 4, 4, 4, 5, 6, 6, 4, 4, 5, 6, 5, 4, 4, 6, 6, 4];

const DEPENDS_ON = "DEPENDS_ON";
const RUNS_ON = "RUNS_ON";
const HOSTED_ON = "HOSTED_ON";
const CONNECTS_TO = "CONNECTS_TO";
const CONSUMES = "CONSUMES";
const INSTALLED_ON = "INSTALLED_ON";
const PROVIDES = "PROVIDES";
const CONTAINS = "CONTAINS";
const PART_OF = "PART_OF";
const MEMBER_OF = "MEMBER_OF";
const OWNED_BY = "OWNED_BY";

// Distinct salts keep per-entity decisions independent of one another.
const SALT = {
  clusterSize: 1,
  clusterMin: 2,
  poolSize: 3,
  appDomain: 4,
  appKind: 5,
  appCluster: 6,
  replicas: 7,
  sidecar: 8,
  imageOwned: 9,
  dns: 10,
  ldap: 11,
  sso: 12,
  ownDb: 13,
  sharedDb: 14,
  cycle: 15,
  appFlex: 16,
  hostFlex: 17,
  bsFlex: 18,
  lifecycle: 19,
  look: 20,
  version: 21,
  extraServices: 22,
  component: 23,
  criticality: 24,
  dither: 25,
} as const;

const STREAM_RELATIONSHIPS = 102;

const MAX_APP_FLEX = 250;
const MAX_HOST_FLEX = 12;
const MAX_BS_FLEX = 300;

// ---------------------------------------------------------------------------------------------
// Randomness: a hash for per-entity decisions (order-independent), mulberry32 for picks in order.

function fmix(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hash(seed: number, salt: number, index: number): number {
  return fmix(seed ^ fmix(Math.imul(salt, 0x9e3779b1) ^ fmix(index + 0x632be5ab)));
}

function unit(seed: number, salt: number, index: number): number {
  return hash(seed, salt, index) / 4294967296;
}

/** P(k) ∝ 1/(k+1) over [0, n): low indices become hubs, the rest a long tail. */
function zipfIndex(u: number, n: number): number {
  const k = Math.floor(Math.exp(u * Math.log(n + 1))) - 1;
  return k < n ? k : n - 1;
}

class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  zipf(n: number): number {
    return zipfIndex(this.next(), n);
  }
}

function at<T>(list: ArrayLike<T>, index: number): T {
  const value = list[index];
  if (value === undefined) throw new RangeError(`estate plan index ${index} out of range`);
  return value;
}

/** Start of part p when `total` items are split as evenly as possible into `parts`. */
function blockStart(part: number, total: number, parts: number): number {
  return Math.floor((part * total) / parts);
}

/** The part holding item i under blockStart's split. */
function blockOf(item: number, total: number, parts: number): number {
  return Math.ceil(((item + 1) * parts) / total) - 1;
}

function pad(n: number, digits: number): string {
  return String(n).padStart(digits, "0");
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

interface Site {
  code: string;
  city: string;
  country: string;
}
const SITES: readonly Site[] = [
  { code: "fra1", city: "Frankfurt", country: "DE" },
  { code: "ams1", city: "Amsterdam", country: "NL" },
  { code: "dub1", city: "Dublin", country: "IE" },
  { code: "lon1", city: "London", country: "GB" },
  { code: "par1", city: "Paris", country: "FR" },
  { code: "iad1", city: "Ashburn", country: "US" },
  { code: "pdx1", city: "Portland", country: "US" },
  { code: "sin1", city: "Singapore", country: "SG" },
  { code: "nrt1", city: "Tokyo", country: "JP" },
  { code: "syd1", city: "Sydney", country: "AU" },
  { code: "gru1", city: "Sao Paulo", country: "BR" },
  { code: "bom1", city: "Mumbai", country: "IN" },
];

interface Domain {
  name: string;
  slug: string;
  nouns: readonly string[];
  business: readonly string[];
}
// Ordered roughly by size: app domains are drawn with a skew towards the top of the list.
const DOMAINS: readonly Domain[] = [
  {
    name: "Payments",
    slug: "payments",
    nouns: ["Authorisation", "Refunds", "Settlement", "Card Vault"],
    business: ["Card Payments", "Refunds and Chargebacks"],
  },
  {
    name: "Checkout",
    slug: "checkout",
    nouns: ["Basket", "Payment Session", "Order Submission"],
    business: ["Online Checkout"],
  },
  {
    name: "Orders",
    slug: "orders",
    nouns: ["Order Capture", "Order Status", "Order History"],
    business: ["Order Management"],
  },
  {
    name: "Customers",
    slug: "customers",
    nouns: ["Customer Profile", "Preferences", "Consent"],
    business: ["Customer Accounts"],
  },
  {
    name: "Catalogue",
    slug: "catalogue",
    nouns: ["Products", "Categories", "Media"],
    business: ["Product Catalogue"],
  },
  {
    name: "Inventory",
    slug: "inventory",
    nouns: ["Stock Levels", "Reservations", "Replenishment"],
    business: ["Stock Availability"],
  },
  {
    name: "Shipping",
    slug: "shipping",
    nouns: ["Carrier Booking", "Tracking", "Labels"],
    business: ["Parcel Delivery"],
  },
  {
    name: "Billing",
    slug: "billing",
    nouns: ["Invoicing", "Dunning", "Tax Calculation"],
    business: ["Customer Billing"],
  },
  {
    name: "Search",
    slug: "search",
    nouns: ["Product Search", "Autocomplete", "Indexing"],
    business: ["Site Search"],
  },
  {
    name: "Identity",
    slug: "identity",
    nouns: ["Login", "Tokens", "Multi-Factor"],
    business: ["Customer Login"],
  },
  {
    name: "Pricing",
    slug: "pricing",
    nouns: ["Price Lists", "Promotions", "Quotes"],
    business: ["Pricing and Promotions"],
  },
  {
    name: "Fraud",
    slug: "fraud",
    nouns: ["Risk Scoring", "Case Management", "Rules"],
    business: ["Fraud Prevention"],
  },
  {
    name: "Notifications",
    slug: "notifications",
    nouns: ["Email", "SMS", "Push"],
    business: ["Customer Notifications"],
  },
  {
    name: "Loyalty",
    slug: "loyalty",
    nouns: ["Points", "Rewards", "Tiers"],
    business: ["Loyalty Programme"],
  },
  {
    name: "Marketing",
    slug: "marketing",
    nouns: ["Campaigns", "Segments", "Email Delivery"],
    business: ["Marketing Campaigns"],
  },
  {
    name: "Analytics",
    slug: "analytics",
    nouns: ["Event Ingestion", "Dashboards", "Data Export"],
    business: ["Business Intelligence"],
  },
  {
    name: "Finance",
    slug: "finance",
    nouns: ["General Ledger", "Payables", "Receivables"],
    business: ["Financial Accounting"],
  },
  {
    name: "Support",
    slug: "support",
    nouns: ["Tickets", "Knowledge Base", "Live Chat"],
    business: ["Customer Support"],
  },
  {
    name: "Logistics",
    slug: "logistics",
    nouns: ["Route Planning", "Fleet", "Dock Scheduling"],
    business: ["Warehouse Operations"],
  },
  {
    name: "Subscriptions",
    slug: "subscriptions",
    nouns: ["Plans", "Renewals", "Entitlements"],
    business: ["Subscription Management"],
  },
  {
    name: "Mobile",
    slug: "mobile",
    nouns: ["App Backend", "Feature Flags", "Device Registry"],
    business: ["Mobile App"],
  },
  {
    name: "HR",
    slug: "hr",
    nouns: ["Employee Records", "Payroll Run", "Absence"],
    business: ["Payroll", "Employee Self-Service"],
  },
  {
    name: "Procurement",
    slug: "procurement",
    nouns: ["Purchase Orders", "Suppliers", "Approvals"],
    business: ["Purchasing"],
  },
  {
    name: "Reporting",
    slug: "reporting",
    nouns: ["Regulatory Reports", "Statements", "Report Scheduling"],
    business: ["Regulatory Reporting"],
  },
];

interface BusinessName {
  name: string;
  domain: number;
}
const BUSINESS_NAMES: readonly BusinessName[] = DOMAINS.flatMap((domain, index) =>
  domain.business.map((name) => ({ name, domain: index })),
);
const BUSINESS_VARIANTS: readonly string[] = ["EMEA", "Americas", "APAC", "B2B", "Staff"];

const COMPONENTS: readonly string[] = [
  "API",
  "Service",
  "Worker",
  "Portal",
  "Gateway",
  "Engine",
  "Scheduler",
  "Processor",
  "Sync",
  "Adapter",
  "Backend",
  "Web",
  "Batch",
  "Console",
  "Hub",
  "Manager",
];
const WEB_COMPONENTS: readonly string[] = ["API", "Portal", "Web", "Gateway"];
const LANGUAGES: readonly string[] = [
  "Java",
  "Java",
  "Go",
  "TypeScript",
  "Python",
  "Kotlin",
  "C#",
  "Scala",
  "Rust",
];

// The first services are the shared platform: every application is tempted to consume them.
interface PlatformService {
  app: string;
  service: string;
  language: string;
  slug: string;
}
const PLATFORM: readonly PlatformService[] = [
  { app: "CoreDNS", service: "DNS Resolution", language: "Go", slug: "coredns" },
  { app: "OpenLDAP", service: "LDAP Directory", language: "C", slug: "openldap" },
  { app: "Keycloak", service: "Single Sign-On", language: "Java", slug: "keycloak" },
  { app: "HashiCorp Vault", service: "Secrets Management", language: "Go", slug: "vault" },
  { app: "Elastic Stack", service: "Central Logging", language: "Java", slug: "elastic" },
  { app: "Prometheus", service: "Metrics and Alerting", language: "Go", slug: "prometheus" },
  { app: "Consul", service: "Service Discovery", language: "Go", slug: "consul" },
  { app: "Chrony", service: "Time Synchronisation", language: "C", slug: "chrony" },
];
const PLATFORM_SERVICE_DNS = 0;
const PLATFORM_SERVICE_LDAP = 1;
const PLATFORM_SERVICE_SSO = 2;

interface Product {
  name: string;
  versions: readonly string[];
}
const DB_ENGINES: readonly Product[] = [
  { name: "PostgreSQL", versions: ["14.11", "15.6", "16.2"] },
  { name: "PostgreSQL", versions: ["15.6", "16.2"] },
  { name: "Oracle", versions: ["19c", "21c"] },
  { name: "MySQL", versions: ["8.0.36", "8.4.0"] },
  { name: "SQL Server", versions: ["2019", "2022"] },
  { name: "MongoDB", versions: ["6.0", "7.0"] },
  { name: "Redis", versions: ["7.2"] },
  { name: "Cassandra", versions: ["4.1"] },
];
const MQ_ENGINES: readonly Product[] = [
  { name: "Kafka", versions: ["3.6", "3.7"] },
  { name: "Kafka", versions: ["3.7"] },
  { name: "RabbitMQ", versions: ["3.12", "3.13"] },
  { name: "ActiveMQ", versions: ["5.18"] },
  { name: "IBM MQ", versions: ["9.3"] },
];
const MIDDLEWARE: readonly Product[] = [
  { name: "NGINX", versions: ["1.24", "1.26"] },
  { name: "Apache Tomcat", versions: ["9.0.87", "10.1.20"] },
  { name: "Kong Gateway", versions: ["3.6"] },
  { name: "HAProxy", versions: ["2.8"] },
  { name: "WildFly", versions: ["31.0"] },
  { name: "IBM WebSphere Liberty", versions: ["24.0"] },
  { name: "Apache HTTP Server", versions: ["2.4.59"] },
];
const STORAGE_PRODUCTS: readonly string[] = [
  "NetApp AFF A400",
  "Pure FlashArray//X",
  "Dell PowerStore",
  "Ceph pool",
  "HPE Alletra",
];
const LINUX: readonly Product[] = [
  { name: "Red Hat Enterprise Linux", versions: ["8.9", "9.3", "9.4"] },
  { name: "Ubuntu Server", versions: ["22.04", "24.04"] },
  { name: "SUSE Linux Enterprise Server", versions: ["15 SP5"] },
];
const WINDOWS: Product = { name: "Windows Server", versions: ["2019", "2022"] };
const ESXI: Product = { name: "VMware ESXi", versions: ["7.0 U3", "8.0 U2"] };
const SIDECARS: readonly Product[] = [
  { name: "envoyproxy/envoy", versions: ["1.29.1"] },
  { name: "fluent/fluent-bit", versions: ["3.0.2"] },
  { name: "istio/proxyv2", versions: ["1.21.0"] },
];
const BASE_IMAGES: readonly string[] = [
  "base/java-runtime",
  "base/node-runtime",
  "base/python-runtime",
  "base/go-static",
  "base/debian-slim",
];
const SERVICE_SUFFIXES: readonly string[] = ["API", "Events", "Feed"];
const SERVICE_LEVELS: readonly string[] = ["99.99%", "99.95%", "99.9%", "99.5%"];

// Cluster kinds, in a repeating pattern so small estates still get every kind early.
const K8S = 0;
const DB_CLUSTER = 1;
const APP_CLUSTER = 2;
const MQ_CLUSTER = 3;
const CLUSTER_PATTERN: readonly number[] = [
  K8S,
  DB_CLUSTER,
  K8S,
  APP_CLUSTER,
  K8S,
  MQ_CLUSTER,
  K8S,
  DB_CLUSTER,
  K8S,
  DB_CLUSTER,
];
const DB_CLUSTER_PRODUCTS: readonly string[] = [
  "PostgreSQL Patroni",
  "Oracle RAC",
  "SQL Server Always On",
  "MongoDB replica set",
];
const APP_CLUSTER_PRODUCTS: readonly string[] = ["WebLogic", "JBoss EAP", "Tomcat"];
const MQ_CLUSTER_PRODUCTS: readonly string[] = ["Kafka", "RabbitMQ"];

// How an application is deployed.
const ON_CONTAINERS = 0;
const ON_VM = 1;
const BEHIND_LB = 2;
const ON_APP_CLUSTER = 3;

// ---------------------------------------------------------------------------------------------
// The plan: counts and structure, a few numbers per CI.

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

class EstatePlan {
  readonly count = new Int32Array(TYPE_COUNT);
  readonly dcs: number;
  readonly platformApps: number;

  readonly clusterStart: Int32Array;
  readonly clusterKind: Uint8Array;
  readonly k8sClusters: number[] = [];
  readonly dbClusters: number[] = [];
  readonly appClusters: number[] = [];
  readonly mqClusters: number[] = [];
  readonly poolStart: Int32Array;
  readonly standaloneStart: number;
  /** Per VM: the cluster it belongs to (≥ 0), a pool (-2 - lb), or -1 when standalone. */
  readonly vmGroup: Int32Array;
  readonly vmDc: Uint8Array;

  readonly lbApp: Int32Array;
  readonly appLb: Int32Array;
  readonly appKind: Uint8Array;
  readonly appCluster: Int32Array;
  readonly appServiceStart: Int32Array;
  readonly serviceApp: Int32Array;
  readonly appContainerStart: Int32Array;
  readonly containerApp: Int32Array;
  readonly appImage: Int32Array;
  readonly imageFirstApp: Int32Array;
  readonly sidecarImages: number;
  readonly cyclePartner = new Map<number, number>();

  readonly appFlex: Uint16Array;
  readonly hostFlex: Uint16Array;
  readonly bsFlex: Uint16Array;
  readonly relationshipCount: number;

  constructor(
    readonly ciCount: number,
    readonly seed: number,
    relationshipsPerCi: number,
  ) {
    const n = ciCount;
    const c = this.count;
    const share = (weight: number): number => Math.max(1, Math.round((n * weight) / 85));
    const dcs = n < 200 ? 1 : clamp(Math.round(n / 100_000), 2, SITES.length);
    const servers = Math.max(dcs, share(2.6));
    const apps = share(11);
    this.dcs = dcs;
    this.platformApps = Math.min(PLATFORM.length, Math.max(1, Math.floor(apps / 6)));
    c[DC] = dcs;
    c[SRV] = servers;
    c[RACK] = clamp(Math.round(servers / 12), dcs, servers);
    c[NET] = Math.max(dcs, share(1));
    c[STOR] = Math.max(dcs, share(0.7));
    c[VM] = share(12);
    c[CL] = share(1.1);
    c[IMG] = share(4);
    c[DB] = share(4.5);
    c[MQ] = share(1);
    c[MW] = share(1);
    c[APP] = apps;
    c[SVC] = Math.max(apps, share(13));
    c[BS] = share(0.8);
    c[LB] = clamp(share(0.6), 1, Math.max(1, apps - this.platformApps));

    // Clusters take the first VMs, load-balancer pools the next, the rest stand alone.
    const clusters = at(c, CL);
    const lbs = at(c, LB);
    this.clusterStart = new Int32Array(clusters + 1);
    this.clusterKind = new Uint8Array(clusters);
    for (let i = 0; i < clusters; i++) {
      const kind = at(CLUSTER_PATTERN, i % CLUSTER_PATTERN.length);
      this.clusterKind[i] = kind;
      const list =
        kind === K8S
          ? this.k8sClusters
          : kind === DB_CLUSTER
            ? this.dbClusters
            : kind === APP_CLUSTER
              ? this.appClusters
              : this.mqClusters;
      list.push(i);
      this.clusterStart[i + 1] =
        at(this.clusterStart, i) + 3 + Math.floor(unit(seed, SALT.clusterSize, i) * 3);
    }
    this.poolStart = new Int32Array(lbs + 1);
    this.poolStart[0] = at(this.clusterStart, clusters);
    for (let l = 0; l < lbs; l++) {
      this.poolStart[l + 1] =
        at(this.poolStart, l) + 2 + Math.floor(unit(seed, SALT.poolSize, l) * 4);
    }
    this.standaloneStart = at(this.poolStart, lbs);
    const vms = Math.max(at(c, VM), this.standaloneStart + 1);
    c[VM] = vms;
    c[OS] = servers + vms;
    let others = 0;
    for (let t = 0; t < TYPE_COUNT; t++) if (t !== CTR) others += at(c, t);
    c[CTR] = n - others;
    if (at(c, CTR) < 1) {
      throw new RangeError(`an estate needs at least ${MIN_ESTATE_CI_COUNT} CIs (asked ${n})`);
    }

    this.vmGroup = new Int32Array(vms).fill(-1);
    this.vmDc = new Uint8Array(vms);
    for (let i = 0; i < clusters; i++) {
      for (let v = at(this.clusterStart, i); v < at(this.clusterStart, i + 1); v++) {
        this.vmGroup[v] = i;
        this.vmDc[v] = i % this.dcs;
      }
    }
    for (let l = 0; l < lbs; l++) {
      for (let v = at(this.poolStart, l); v < at(this.poolStart, l + 1); v++) {
        this.vmGroup[v] = -2 - l;
        this.vmDc[v] = l % this.dcs;
      }
    }
    for (let v = this.standaloneStart; v < vms; v++) this.vmDc[v] = v % this.dcs;

    const platform = this.platformApps;
    const businessApps = apps - platform;
    this.lbApp = new Int32Array(lbs);
    this.appLb = new Int32Array(apps).fill(-1);
    this.appKind = new Uint8Array(apps);
    this.appCluster = new Int32Array(apps).fill(-1);
    for (let l = 0; l < lbs; l++) {
      const app = businessApps > 0 ? platform + blockStart(l, businessApps, lbs) : l % apps;
      this.lbApp[l] = app;
      this.appLb[app] = l;
      this.appKind[app] = BEHIND_LB;
    }
    const onContainers: number[] = [];
    for (let a = 0; a < apps; a++) {
      if (at(this.appLb, a) >= 0) continue;
      const u = unit(seed, SALT.appKind, a);
      const pick = unit(seed, SALT.appCluster, a);
      if (u < 0.58) {
        this.appKind[a] = ON_CONTAINERS;
        onContainers.push(a);
      } else if (u >= 0.82 && this.appClusters.length > 0) {
        this.appKind[a] = ON_APP_CLUSTER;
        this.appCluster[a] = at(this.appClusters, Math.floor(pick * this.appClusters.length));
      } else {
        this.appKind[a] = ON_VM;
      }
    }
    if (onContainers.length === 0) {
      const first = this.appKind.findIndex((kind) => kind !== BEHIND_LB);
      const a = first >= 0 ? first : 0;
      this.appKind[a] = ON_CONTAINERS;
      this.appCluster[a] = -1;
      onContainers.push(a);
    }
    const containers = at(c, CTR);
    while (onContainers.length > containers) {
      const a = at(onContainers, onContainers.length - 1);
      onContainers.pop();
      this.appKind[a] = ON_VM;
    }
    for (const a of onContainers) {
      this.appCluster[a] = at(
        this.k8sClusters,
        Math.floor(unit(seed, SALT.appCluster, a) * this.k8sClusters.length),
      );
    }

    // Replicas: one each, the rest spread with a heavy tail (a few big stateless fleets).
    const replicas = new Float64Array(onContainers.length);
    let weightSum = 0;
    onContainers.forEach((a, j) => {
      const w = Math.min(40, (1 - unit(seed, SALT.replicas, a)) ** -0.6);
      replicas[j] = w;
      weightSum += w;
    });
    const spare = containers - onContainers.length;
    const replicaCount = new Int32Array(onContainers.length);
    let assigned = 0;
    for (let j = 0; j < onContainers.length; j++) {
      const extra = Math.floor((spare * at(replicas, j)) / weightSum);
      replicaCount[j] = 1 + extra;
      assigned += 1 + extra;
    }
    for (let j = 0; assigned < containers; j = (j + 1) % onContainers.length) {
      replicaCount[j] = at(replicaCount, j) + 1;
      assigned++;
    }
    this.appContainerStart = new Int32Array(apps + 1);
    this.containerApp = new Int32Array(containers);
    const replicasOf = new Int32Array(apps);
    onContainers.forEach((a, j) => (replicasOf[a] = at(replicaCount, j)));
    for (let a = 0; a < apps; a++) {
      const start = at(this.appContainerStart, a);
      const end = start + at(replicasOf, a);
      this.appContainerStart[a + 1] = end;
      this.containerApp.fill(a, start, end);
    }

    // Images: consecutive containerised apps may share one; the first few are shared sidecars.
    const images = at(c, IMG);
    this.sidecarImages = images >= 8 ? clamp(Math.floor(images / 20), 1, SIDECARS.length) : 0;
    const appImages = images - this.sidecarImages;
    this.appImage = new Int32Array(apps).fill(-1);
    this.imageFirstApp = new Int32Array(images).fill(-1);
    onContainers.forEach((a, j) => {
      const image = this.sidecarImages + blockStart(j, appImages, onContainers.length);
      this.appImage[a] = image;
      if (at(this.imageFirstApp, image) < 0) this.imageFirstApp[image] = a;
    });

    // Services: platform apps provide exactly their one; the spare go to business apps.
    const services = at(c, SVC);
    const perApp = new Int32Array(apps).fill(1);
    for (let s = apps; s < services; s++) {
      const a =
        businessApps > 0
          ? platform + Math.floor(unit(seed, SALT.extraServices, s) * businessApps)
          : apps - 1;
      perApp[a] = at(perApp, a) + 1;
    }
    this.appServiceStart = new Int32Array(apps + 1);
    this.serviceApp = new Int32Array(services);
    for (let a = 0; a < apps; a++) {
      const start = at(this.appServiceStart, a);
      this.appServiceStart[a + 1] = start + at(perApp, a);
      this.serviceApp.fill(a, start, start + at(perApp, a));
    }

    // A handful of deliberate CONSUMES cycles between pairs of business applications.
    const cycles = businessApps >= 20 ? Math.max(1, Math.round(apps / 1000)) : 0;
    for (let k = 0; k < cycles; k++) {
      const from = platform + blockStart(k, businessApps, cycles);
      const size = platform + blockStart(k + 1, businessApps, cycles) - from;
      const half = Math.floor(size / 2);
      const i = from + Math.floor(unit(seed, SALT.cycle, 2 * k) * half);
      const j = from + half + Math.floor(unit(seed, SALT.cycle, 2 * k + 1) * (size - half));
      this.cyclePartner.set(i, j);
      this.cyclePartner.set(j, i);
    }

    // Relationships: the structure fixes most; the rest is spread as extra CONSUMES,
    // DEPENDS_ON and CONNECTS_TO with a heavy-tailed out-degree, up to each source's capacity.
    this.appFlex = new Uint16Array(apps);
    this.hostFlex = new Uint16Array(servers + vms);
    this.bsFlex = new Uint16Array(at(c, BS));
    const fixed = this.fixedRelationshipCount();
    const target = Math.round(n * relationshipsPerCi);
    this.relationshipCount = fixed + this.spreadFlexible(Math.max(0, target - fixed));
  }

  // --- layout helpers -------------------------------------------------------------------------

  key(type: number, index: number): string {
    return `${at(KEY_PREFIX, type)}-${pad(index + 1, at(KEY_DIGITS, type))}`;
  }

  rackDc(rack: number): number {
    return blockOf(rack, at(this.count, RACK), this.dcs);
  }

  rackStart(dc: number): number {
    return blockStart(dc, at(this.count, RACK), this.dcs);
  }

  serverRack(server: number): number {
    return blockOf(server, at(this.count, SRV), at(this.count, RACK));
  }

  rackServerStart(rack: number): number {
    return blockStart(rack, at(this.count, SRV), at(this.count, RACK));
  }

  serverDc(server: number): number {
    return this.rackDc(this.serverRack(server));
  }

  dcServerStart(dc: number): number {
    return this.rackServerStart(this.rackStart(dc));
  }

  /** Servers of a site that run a hypervisor; the rest are bare metal. */
  hypervisorCount(dc: number): number {
    const servers = this.dcServerStart(dc + 1) - this.dcServerStart(dc);
    return Math.max(1, Math.ceil(servers * 0.8));
  }

  isHypervisor(server: number): boolean {
    const dc = this.serverDc(server);
    return server - this.dcServerStart(dc) < this.hypervisorCount(dc);
  }

  netStart(dc: number): number {
    return blockStart(dc, at(this.count, NET), this.dcs);
  }

  coreCount(dc: number): number {
    return Math.min(2, this.netStart(dc + 1) - this.netStart(dc));
  }

  firewallCount(dc: number): number {
    return this.netStart(dc + 1) - this.netStart(dc) >= 4 ? 1 : 0;
  }

  /** The top-of-rack switch of a rack, or the site's core switch when it has none. */
  rackSwitch(rack: number): number {
    const dc = this.rackDc(rack);
    const start = this.netStart(dc);
    const edge = this.coreCount(dc) + this.firewallCount(dc);
    const tors = this.netStart(dc + 1) - start - edge;
    return tors > 0 ? start + edge + ((rack - this.rackStart(dc)) % tors) : start;
  }

  /** A firewall if the site has one, else its first core switch. */
  perimeter(dc: number): number {
    return this.netStart(dc) + (this.firewallCount(dc) > 0 ? 2 : 0);
  }

  storageStart(dc: number): number {
    return blockStart(dc, at(this.count, STOR), this.dcs);
  }

  storageDc(storage: number): number {
    return blockOf(storage, at(this.count, STOR), this.dcs);
  }

  hostDc(host: number): number {
    const servers = at(this.count, SRV);
    return host < servers ? this.serverDc(host) : at(this.vmDc, host - servers);
  }

  clusterDc(cluster: number): number {
    return cluster % this.dcs;
  }

  clusterSize(cluster: number): number {
    return at(this.clusterStart, cluster + 1) - at(this.clusterStart, cluster);
  }

  clusterMinimum(cluster: number): number {
    const size = this.clusterSize(cluster);
    return size <= 3 || unit(this.seed, SALT.clusterMin, cluster) < 0.6 ? 2 : 3;
  }

  poolSize(lb: number): number {
    return at(this.poolStart, lb + 1) - at(this.poolStart, lb);
  }

  appDomain(app: number): number {
    if (app < this.platformApps) return -1;
    return Math.floor(unit(this.seed, SALT.appDomain, app) ** 1.6 * DOMAINS.length);
  }

  /** Databases 1.. are striped over the domains; database 0 is the shared customer master. */
  dbDomain(db: number): number {
    const lanes = Math.min(DOMAINS.length, Math.max(1, at(this.count, DB) - 1));
    return db === 0 ? -1 : (db - 1) % lanes;
  }

  mqDomain(mq: number): number {
    return mq === 0 ? -1 : (mq - 1) % DOMAINS.length;
  }

  usesDns(app: number): boolean {
    return app >= 1 && unit(this.seed, SALT.dns, app) < 0.6;
  }

  usesLdap(app: number): boolean {
    return this.platformApps > PLATFORM_SERVICE_LDAP && app >= this.platformApps
      ? unit(this.seed, SALT.ldap, app) < 0.2
      : false;
  }

  usesSso(app: number): boolean {
    return this.platformApps > PLATFORM_SERVICE_SSO && app >= this.platformApps
      ? unit(this.seed, SALT.sso, app) < 0.35
      : false;
  }

  usesOwnDb(app: number): boolean {
    return app >= this.platformApps && unit(this.seed, SALT.ownDb, app) < 0.75;
  }

  usesSharedDb(app: number): boolean {
    return (
      app >= this.platformApps &&
      at(this.count, DB) >= 2 &&
      unit(this.seed, SALT.sharedDb, app) < 0.25
    );
  }

  hasSidecar(container: number): boolean {
    return this.sidecarImages > 0 && unit(this.seed, SALT.sidecar, container) < 0.5;
  }

  imageOwned(image: number): boolean {
    return at(this.imageFirstApp, image) >= 0 && unit(this.seed, SALT.imageOwned, image) < 0.25;
  }

  appRunsOnCount(app: number): number {
    switch (at(this.appKind, app)) {
      case ON_CONTAINERS:
        return at(this.appContainerStart, app + 1) - at(this.appContainerStart, app);
      case BEHIND_LB:
        return this.poolSize(at(this.appLb, app));
      default:
        return 1;
    }
  }

  appServiceCount(app: number): number {
    return at(this.appServiceStart, app + 1) - at(this.appServiceStart, app);
  }

  /** Fixed CONSUMES and DEPENDS_ON edges of an application (not RUNS_ON / PROVIDES). */
  appFixedDependencies(app: number): number {
    return (
      (this.usesDns(app) ? 1 : 0) +
      (this.usesLdap(app) ? 1 : 0) +
      (this.usesSso(app) ? 1 : 0) +
      (this.usesOwnDb(app) ? 1 : 0) +
      (this.usesSharedDb(app) ? 1 : 0) +
      (this.cyclePartner.has(app) ? 1 : 0)
    );
  }

  hostFlexCapacity(host: number): number {
    const dc = this.hostDc(host);
    const switches = this.netStart(dc + 1) - this.netStart(dc);
    const storage = this.storageStart(dc + 1) - this.storageStart(dc);
    return Math.min(MAX_HOST_FLEX, switches - 1 + storage);
  }

  appFlexCapacity(app: number): number {
    const c = this.count;
    const pool = at(this.appServiceStart, app) + at(c, DB) + at(c, MQ) + at(c, MW);
    return Math.max(0, Math.min(MAX_APP_FLEX, pool - this.appFixedDependencies(app)));
  }

  bsFlexCapacity(): number {
    return Math.min(MAX_BS_FLEX, at(this.count, SVC) + at(this.count, APP) - 1);
  }

  // --- relationship budget ----------------------------------------------------------------------

  private fixedRelationshipCount(): number {
    const c = this.count;
    let total = at(c, RACK) * 1 + at(c, SRV); // PART_OF site, CONTAINS servers
    total += at(c, STOR) * 2; // CONTAINS (rack), CONNECTS_TO core
    for (let dc = 0; dc < this.dcs; dc++) {
      const devices = this.netStart(dc + 1) - this.netStart(dc);
      total += (devices - this.coreCount(dc)) * this.coreCount(dc);
    }
    total += at(c, SRV) + at(c, VM) * 2 + at(c, OS); // uplinks, HOSTED_ON, INSTALLED_ON
    for (let cl = 0; cl < at(c, CL); cl++) {
      const kind = at(this.clusterKind, cl);
      total += this.clusterSize(cl) + (kind === K8S || kind === DB_CLUSTER ? 1 : 0);
    }
    for (let l = 0; l < at(c, LB); l++) total += this.poolSize(l) + 1;
    for (let i = 0; i < at(c, IMG); i++) total += this.imageOwned(i) ? 1 : 0;
    for (let k = 0; k < at(c, CTR); k++) total += 2 + (this.hasSidecar(k) ? 1 : 0);
    total += at(c, DB) * 2 + at(c, MQ) * 2 + at(c, MW);
    for (let a = 0; a < at(c, APP); a++) {
      total += this.appRunsOnCount(a) + this.appServiceCount(a) + this.appFixedDependencies(a);
      if (at(this.appKind, a) === BEHIND_LB) total += 1; // its first service HOSTED_ON the LB
    }
    total += at(c, BS);
    return total;
  }

  /** Spreads `budget` extra edges over applications, hosts and business services. */
  private spreadFlexible(budget: number): number {
    const seed = this.seed;
    const apps = this.appFlex.length;
    const hosts = this.hostFlex.length;
    const bss = this.bsFlex.length;
    const weights = new Float64Array(apps + hosts + bss);
    const caps = new Uint16Array(apps + hosts + bss);
    let weightSum = 0;
    for (let a = 0; a < apps; a++) {
      weights[a] = Math.min(12, (1 - unit(seed, SALT.appFlex, a)) ** -0.5);
      caps[a] = this.appFlexCapacity(a);
    }
    for (let h = 0; h < hosts; h++) {
      weights[apps + h] = 0.3 * (0.5 + unit(seed, SALT.hostFlex, h));
      caps[apps + h] = this.hostFlexCapacity(h);
    }
    const bsCap = this.bsFlexCapacity();
    for (let b = 0; b < bss; b++) {
      weights[apps + hosts + b] = 1.5 + 1.5 * unit(seed, SALT.bsFlex, b);
      caps[apps + hosts + b] = bsCap;
    }
    for (const w of weights) weightSum += w;
    const degree = new Uint16Array(weights.length);
    let total = 0;
    const scale = weightSum > 0 ? budget / weightSum : 0;
    for (let i = 0; i < weights.length; i++) {
      const dither = unit(seed, SALT.dither, i);
      const d = Math.min(at(caps, i), Math.floor(at(weights, i) * scale + dither));
      degree[i] = d;
      total += d;
    }
    // Close the rounding gap one edge at a time, cycling through the sources.
    let progress = true;
    while (total !== budget && progress) {
      progress = false;
      for (let i = 0; i < degree.length && total !== budget; i++) {
        const d = at(degree, i);
        if (total < budget && d < at(caps, i)) {
          degree[i] = d + 1;
          total++;
          progress = true;
        } else if (total > budget && d > 0) {
          degree[i] = d - 1;
          total--;
          progress = true;
        }
      }
    }
    this.appFlex.set(degree.subarray(0, apps));
    this.hostFlex.set(degree.subarray(apps, apps + hosts));
    this.bsFlex.set(degree.subarray(apps + hosts));
    return total;
  }
}

// ---------------------------------------------------------------------------------------------
// Configuration items.

function environmentOf(lifecycle: Lifecycle): string {
  return lifecycle === "TEST" ? "test" : lifecycle === "PLANNED" ? "development" : "production";
}

function lifecycleFrom(u: number, test: number, planned: number): Lifecycle {
  return u < 1 - test - planned ? "PRODUCTION" : u < 1 - planned ? "TEST" : "PLANNED";
}

function semver(h: number): string {
  return `${1 + (h % 6)}.${(h >>> 4) % 24}.${(h >>> 10) % 12}`;
}

function ipAddress(base: number, n: number): string {
  return `10.${base + Math.floor(n / 65024)}.${Math.floor(n / 254) % 256}.${1 + (n % 254)}`;
}

function hex(h: number): string {
  return h.toString(16).padStart(8, "0");
}

class CiWriter {
  constructor(private readonly plan: EstatePlan) {}

  private get seed(): number {
    return this.plan.seed;
  }

  private look(type: number, index: number): number {
    return hash(this.seed, SALT.look * 64 + type, index);
  }

  private lifecycle(type: number, index: number, test: number, planned: number): Lifecycle {
    return lifecycleFrom(unit(this.seed, SALT.lifecycle * 64 + type, index), test, planned);
  }

  private hostLifecycle(host: number): Lifecycle {
    return this.lifecycle(host < at(this.plan.count, SRV) ? SRV : VM, host, 0.07, 0.03);
  }

  appLifecycle(app: number): Lifecycle {
    return app < this.plan.platformApps ? "PRODUCTION" : this.lifecycle(APP, app, 0.1, 0.05);
  }

  private entry(
    type: number,
    index: number,
    name: string,
    owner: string,
    responsibleTeam: string,
    lifecycle: Lifecycle,
    extra: { version?: string; criticality?: number; attributes?: Record<string, unknown> },
  ): CiEntry {
    const ci: CiEntry = { key: this.plan.key(type, index), name, type: at(TYPE_NAMES, type) };
    if (extra.version !== undefined) ci.version = extra.version;
    ci.owner = owner;
    ci.responsibleTeam = responsibleTeam;
    ci.lifecycle = lifecycle;
    ci.environment = environmentOf(lifecycle);
    if (extra.criticality !== undefined) ci.criticality = extra.criticality;
    if (extra.attributes !== undefined) ci.attributes = extra.attributes;
    return ci;
  }

  site(dc: number): Site {
    return at(SITES, dc);
  }

  serverName(server: number): string {
    const plan = this.plan;
    const dc = plan.serverDc(server);
    const local = server - plan.dcServerStart(dc);
    const role = plan.isHypervisor(server) ? "esx" : "bm";
    return `${this.site(dc).code}-${role}-${pad(local + 1, 4)}`;
  }

  clusterSlug(cluster: number): string {
    const kind = at(this.plan.clusterKind, cluster);
    const word = ["k8s", "db", "app", "mq"][kind] ?? "cl";
    return `${this.site(this.plan.clusterDc(cluster)).code}-${word}-${pad(cluster + 1, 3)}`;
  }

  vmName(vm: number): string {
    const plan = this.plan;
    const group = at(plan.vmGroup, vm);
    if (group >= 0)
      return `${this.clusterSlug(group)}-node-${vm - at(plan.clusterStart, group) + 1}`;
    if (group <= -2) {
      const lb = -2 - group;
      return `${this.appSlug(at(plan.lbApp, lb))}-web-${vm - at(plan.poolStart, lb) + 1}`;
    }
    return `${this.site(at(plan.vmDc, vm)).code}-vm-${pad(vm + 1, 6)}`;
  }

  hostName(host: number): string {
    const servers = at(this.plan.count, SRV);
    return host < servers ? this.serverName(host) : this.vmName(host - servers);
  }

  appComponent(app: number): string {
    // Applications behind a load balancer face users or callers, never batch jobs.
    const components = at(this.plan.appKind, app) === BEHIND_LB ? WEB_COMPONENTS : COMPONENTS;
    return at(components, hash(this.seed, SALT.component, app) % components.length);
  }

  appName(app: number): string {
    const domain = this.plan.appDomain(app);
    if (domain < 0) return at(PLATFORM, app).app;
    return `${at(DOMAINS, domain).name} ${this.appComponent(app)} ${app + 1}`;
  }

  appSlug(app: number): string {
    const domain = this.plan.appDomain(app);
    if (domain < 0) return at(PLATFORM, app).slug;
    return `${at(DOMAINS, domain).slug}-${this.appComponent(app).toLowerCase()}-${app + 1}`;
  }

  appTeam(app: number): string {
    const domain = this.plan.appDomain(app);
    return domain < 0 ? "team-platform" : `team-${at(DOMAINS, domain).slug}`;
  }

  appVersion(app: number): string {
    return semver(hash(this.seed, SALT.version, app));
  }

  *all(): Generator<CiEntry> {
    const c = this.plan.count;
    for (let i = 0; i < at(c, DC); i++) yield this.datacenter(i);
    for (let i = 0; i < at(c, RACK); i++) yield this.rack(i);
    for (let i = 0; i < at(c, NET); i++) yield this.networkDevice(i);
    for (let i = 0; i < at(c, STOR); i++) yield this.storage(i);
    for (let i = 0; i < at(c, SRV); i++) yield this.server(i);
    for (let i = 0; i < at(c, VM); i++) yield this.virtualMachine(i);
    for (let i = 0; i < at(c, OS); i++) yield this.operatingSystem(i);
    for (let i = 0; i < at(c, CL); i++) yield this.cluster(i);
    for (let i = 0; i < at(c, LB); i++) yield this.loadBalancer(i);
    for (let i = 0; i < at(c, IMG); i++) yield this.image(i);
    for (let i = 0; i < at(c, CTR); i++) yield this.container(i);
    for (let i = 0; i < at(c, DB); i++) yield this.database(i);
    for (let i = 0; i < at(c, MQ); i++) yield this.messageQueue(i);
    for (let i = 0; i < at(c, MW); i++) yield this.middleware(i);
    for (let i = 0; i < at(c, APP); i++) yield this.application(i);
    for (let i = 0; i < at(c, SVC); i++) yield this.applicationService(i);
    for (let i = 0; i < at(c, BS); i++) yield this.businessService(i);
  }

  private datacenter(i: number): CiEntry {
    const site = this.site(i);
    const name = `${site.city} Data Centre (${site.code})`;
    return this.entry(DC, i, name, "team-infrastructure", "team-datacentre", "PRODUCTION", {
      attributes: { location: `${site.city}, ${site.country}` },
    });
  }

  private rack(i: number): CiEntry {
    const plan = this.plan;
    const dc = plan.rackDc(i);
    const local = i - plan.rackStart(dc);
    const row = String.fromCharCode(65 + (Math.floor(local / 20) % 26));
    const name = `${this.site(dc).code} rack ${row}${pad((local % 20) + 1, 2)}`;
    return this.entry(RACK, i, name, "team-infrastructure", "team-datacentre", "PRODUCTION", {});
  }

  private networkDevice(i: number): CiEntry {
    const plan = this.plan;
    const dc = blockOf(i, at(plan.count, NET), plan.dcs);
    const local = i - plan.netStart(dc);
    const code = this.site(dc).code;
    const cores = plan.coreCount(dc);
    const firewalls = plan.firewallCount(dc);
    const name =
      local < cores
        ? `${code}-core-sw-0${local + 1}`
        : local < cores + firewalls
          ? `${code}-fw-01`
          : `${code}-tor-sw-${pad(local - cores - firewalls + 1, 3)}`;
    return this.entry(NET, i, name, "team-infrastructure", "team-network", "PRODUCTION", {});
  }

  private storage(i: number): CiEntry {
    const plan = this.plan;
    const dc = plan.storageDc(i);
    const h = this.look(STOR, i);
    const product = at(STORAGE_PRODUCTS, h % STORAGE_PRODUCTS.length);
    const name = `${this.site(dc).code} ${product} ${pad(i - plan.storageStart(dc) + 1, 2)}`;
    const capacityTb = Math.round((20 + ((h >>> 8) % 2000) * 0.5) * 10) / 10;
    return this.entry(STOR, i, name, "team-infrastructure", "team-storage", "PRODUCTION", {
      attributes: { capacityTb },
    });
  }

  private server(i: number): CiEntry {
    const h = this.look(SRV, i);
    const memory = this.plan.isHypervisor(i) ? [512, 768, 1024, 1536] : [128, 256, 384];
    return this.entry(
      SRV,
      i,
      this.serverName(i),
      "team-infrastructure",
      "team-compute",
      this.hostLifecycle(i),
      {
        attributes: {
          cpuCores: at([32, 48, 64, 96, 128], h % 5),
          memoryGb: at(memory, (h >>> 4) % memory.length),
          ipAddress: ipAddress(0, i),
        },
      },
    );
  }

  private virtualMachine(i: number): CiEntry {
    const plan = this.plan;
    const h = this.look(VM, i);
    const group = at(plan.vmGroup, i);
    const owner =
      group >= 0
        ? this.clusterTeam(group)
        : group <= -2
          ? this.appTeam(at(plan.lbApp, -2 - group))
          : "team-infrastructure";
    const host = at(plan.count, SRV) + i;
    return this.entry(VM, i, this.vmName(i), owner, "team-compute", this.hostLifecycle(host), {
      attributes: {
        cpuCores: at([2, 4, 4, 8, 8, 16], h % 6),
        memoryGb: at([4, 8, 16, 16, 32, 64], (h >>> 4) % 6),
        ipAddress: ipAddress(32, i),
      },
    });
  }

  private operatingSystem(i: number): CiEntry {
    const plan = this.plan;
    const h = this.look(OS, i);
    const servers = at(plan.count, SRV);
    let product: Product;
    let family: string;
    if (i < servers && plan.isHypervisor(i)) {
      product = ESXI;
      family = "VMware ESXi";
    } else if (h % 5 === 0) {
      product = WINDOWS;
      family = "Windows";
    } else {
      product = at(LINUX, (h >>> 3) % LINUX.length);
      family = "Linux";
    }
    const version = at(product.versions, (h >>> 6) % product.versions.length);
    const month = 1 + ((h >>> 10) % 12);
    return this.entry(
      OS,
      i,
      `${product.name} ${version} on ${this.hostName(i)}`,
      "team-infrastructure",
      "team-compute",
      this.hostLifecycle(i),
      {
        version,
        attributes: { family, patchLevel: `${month > 9 ? 2025 : 2026}-${pad(month, 2)}` },
      },
    );
  }

  private clusterTeam(cluster: number): string {
    return (
      ["team-platform", "team-dba", "team-middleware", "team-messaging"][
        at(this.plan.clusterKind, cluster)
      ] ?? "team-platform"
    );
  }

  private cluster(i: number): CiEntry {
    const plan = this.plan;
    const h = this.look(CL, i);
    const kind = at(plan.clusterKind, i);
    const code = this.site(plan.clusterDc(i)).code;
    const number = pad(i + 1, 3);
    let name: string;
    let version: string | undefined;
    if (kind === K8S) {
      name = `Kubernetes ${code}-${number}`;
      version = at(["1.28.9", "1.29.4", "1.30.1"], h % 3);
    } else if (kind === DB_CLUSTER) {
      name = `${at(DB_CLUSTER_PRODUCTS, h % DB_CLUSTER_PRODUCTS.length)} ${code}-${number}`;
    } else if (kind === APP_CLUSTER) {
      name = `${at(APP_CLUSTER_PRODUCTS, h % APP_CLUSTER_PRODUCTS.length)} cluster ${code}-${number}`;
    } else {
      name = `${at(MQ_CLUSTER_PRODUCTS, h % MQ_CLUSTER_PRODUCTS.length)} cluster ${code}-${number}`;
    }
    const team = this.clusterTeam(i);
    return this.entry(CL, i, name, team, team, "PRODUCTION", {
      ...(version !== undefined ? { version } : {}),
      attributes: { minimumMembers: plan.clusterMinimum(i) },
    });
  }

  private loadBalancer(i: number): CiEntry {
    const plan = this.plan;
    const app = at(plan.lbApp, i);
    const pool = plan.poolSize(i);
    return this.entry(
      LB,
      i,
      `${this.appName(app)} load balancer`,
      this.appTeam(app),
      "team-network",
      "PRODUCTION",
      {
        attributes: { minimumMembers: Math.ceil(pool / 2), vip: ipAddress(250, i) },
      },
    );
  }

  private image(i: number): CiEntry {
    const plan = this.plan;
    const h = this.look(IMG, i);
    const digest = `sha256:${hex(h)}${hex(fmix(h ^ 1))}${hex(fmix(h ^ 2))}${hex(fmix(h ^ 3))}${hex(fmix(h ^ 4))}${hex(fmix(h ^ 5))}${hex(fmix(h ^ 6))}${hex(fmix(h ^ 7))}`;
    if (i < plan.sidecarImages) {
      const sidecar = at(SIDECARS, i);
      return this.entry(IMG, i, sidecar.name, "team-platform", "team-platform", "PRODUCTION", {
        version: at(sidecar.versions, 0),
        attributes: { digest },
      });
    }
    const app = at(plan.imageFirstApp, i);
    if (app < 0) {
      const base = at(BASE_IMAGES, h % BASE_IMAGES.length);
      return this.entry(
        IMG,
        i,
        `${base}-${i + 1}`,
        "team-platform",
        "team-platform",
        this.lifecycle(IMG, i, 0.1, 0.05),
        { version: semver(h), attributes: { digest } },
      );
    }
    const domain = plan.appDomain(app);
    const repository = domain < 0 ? "platform" : at(DOMAINS, domain).slug;
    return this.entry(
      IMG,
      i,
      `${repository}/${this.appSlug(app)}`,
      this.appTeam(app),
      this.appTeam(app),
      this.appLifecycle(app),
      { version: this.appVersion(app), attributes: { digest } },
    );
  }

  private container(i: number): CiEntry {
    const plan = this.plan;
    const app = at(plan.containerApp, i);
    const h = this.look(CTR, i);
    const replicaSet = hash(this.seed, SALT.look * 64 + APP, app)
      .toString(36)
      .slice(0, 6);
    const pod = h.toString(36).padStart(5, "0").slice(-5);
    return this.entry(
      CTR,
      i,
      `${this.appSlug(app)}-${replicaSet}-${pod}`,
      this.appTeam(app),
      this.appTeam(app),
      this.appLifecycle(app),
      { version: this.appVersion(app) },
    );
  }

  private database(i: number): CiEntry {
    const plan = this.plan;
    const h = this.look(DB, i);
    const engine = i === 0 ? at(DB_ENGINES, 2) : at(DB_ENGINES, h % DB_ENGINES.length);
    const version = at(engine.versions, (h >>> 4) % engine.versions.length);
    const domain = plan.dbDomain(i);
    const name =
      domain < 0 ? "Customer Master DB" : `${at(DOMAINS, domain).name} ${engine.name} ${i + 1}`;
    const owner = domain < 0 ? "team-customers" : `team-${at(DOMAINS, domain).slug}`;
    const sizeGb = Math.round((5 + 4000 * ((h >>> 8) / 16777216) ** 3) * 10) / 10;
    return this.entry(
      DB,
      i,
      name,
      owner,
      "team-dba",
      i === 0 ? "PRODUCTION" : this.lifecycle(DB, i, 0.09, 0.03),
      {
        version,
        attributes: { engine: engine.name, sizeGb: i === 0 ? 12_800 : sizeGb },
      },
    );
  }

  private messageQueue(i: number): CiEntry {
    const plan = this.plan;
    const h = this.look(MQ, i);
    const engine = i === 0 ? at(MQ_ENGINES, 0) : at(MQ_ENGINES, h % MQ_ENGINES.length);
    const version = at(engine.versions, (h >>> 4) % engine.versions.length);
    const domain = plan.mqDomain(i);
    const name =
      domain < 0 ? "Enterprise Event Bus" : `${at(DOMAINS, domain).name} ${engine.name} ${i + 1}`;
    return this.entry(
      MQ,
      i,
      name,
      domain < 0 ? "team-messaging" : `team-${at(DOMAINS, domain).slug}`,
      "team-messaging",
      i === 0 ? "PRODUCTION" : this.lifecycle(MQ, i, 0.09, 0.03),
      { version },
    );
  }

  private middleware(i: number): CiEntry {
    const h = this.look(MW, i);
    const product = at(MIDDLEWARE, h % MIDDLEWARE.length);
    const version = at(product.versions, (h >>> 4) % product.versions.length);
    return this.entry(
      MW,
      i,
      `${product.name} ${i + 1}`,
      "team-middleware",
      "team-middleware",
      this.lifecycle(MW, i, 0.09, 0.03),
      { version },
    );
  }

  private application(i: number): CiEntry {
    const plan = this.plan;
    const h = this.look(APP, i);
    const domain = plan.appDomain(i);
    const language = domain < 0 ? at(PLATFORM, i).language : at(LANGUAGES, h % LANGUAGES.length);
    const repositoryGroup = domain < 0 ? "platform" : at(DOMAINS, domain).slug;
    const team = this.appTeam(i);
    return this.entry(APP, i, this.appName(i), team, team, this.appLifecycle(i), {
      version: this.appVersion(i),
      attributes: {
        language,
        repository: `https://git.example.com/${repositoryGroup}/${this.appSlug(i)}`,
      },
    });
  }

  private applicationService(i: number): CiEntry {
    const plan = this.plan;
    const app = at(plan.serviceApp, i);
    const domain = plan.appDomain(app);
    let name: string;
    if (domain < 0) {
      name = at(PLATFORM, app).service;
    } else {
      const local = i - at(plan.appServiceStart, app);
      const d = at(DOMAINS, domain);
      const noun = at(d.nouns, (app + local) % d.nouns.length);
      const suffix = at(SERVICE_SUFFIXES, Math.min(local, SERVICE_SUFFIXES.length - 1));
      name = `${d.name} ${noun} ${suffix} ${i + 1}`;
    }
    const team = this.appTeam(app);
    return this.entry(SVC, i, name, team, team, this.appLifecycle(app), {
      version: `v${1 + (this.look(SVC, i) % 3)}`,
    });
  }

  private businessService(i: number): CiEntry {
    const base = at(BUSINESS_NAMES, i % BUSINESS_NAMES.length);
    const variant = Math.floor(i / BUSINESS_NAMES.length);
    const name =
      variant === 0
        ? base.name
        : variant <= BUSINESS_VARIANTS.length
          ? `${base.name} ${at(BUSINESS_VARIANTS, variant - 1)}`
          : `${base.name} ${variant + 1}`;
    const u = unit(this.seed, SALT.criticality, i);
    const criticality = u < 0.15 ? 1 : u < 0.45 ? 2 : u < 0.8 ? 3 : 4;
    const team = `team-${at(DOMAINS, base.domain).slug}`;
    return this.entry(BS, i, name, team, team, this.lifecycle(BS, i, 0, 0.05), {
      criticality,
      attributes: { serviceLevel: at(SERVICE_LEVELS, criticality - 1) },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Relationships, emitted source by source so duplicates can be ruled out with a small local set.

const USED_DEPENDS = 0;
const USED_CONNECTS = 1;
const USED_CONSUMES = 2;

class RelationshipWriter {
  private readonly random: Random;
  /** Targets already used by the current source, as (global CI index × 4 + relationship). */
  private readonly used = new Set<number>();
  private readonly offset = new Int32Array(TYPE_COUNT);

  constructor(private readonly plan: EstatePlan) {
    this.random = new Random(hash(plan.seed, STREAM_RELATIONSHIPS, 0));
    let sum = 0;
    for (let t = 0; t < TYPE_COUNT; t++) {
      this.offset[t] = sum;
      sum += at(plan.count, t);
    }
  }

  private edge(
    fromType: number,
    from: number,
    type: string,
    toType: number,
    to: number,
  ): RelationshipEntry {
    return { from: this.plan.key(fromType, from), to: this.plan.key(toType, to), type };
  }

  private usedKey(relationship: number, toType: number, to: number): number {
    return (at(this.offset, toType) + to) * 4 + relationship;
  }

  /** Marks a target as used by the current source; false when it already was. */
  private claim(relationship: number, toType: number, to: number): boolean {
    const k = this.usedKey(relationship, toType, to);
    if (this.used.has(k)) return false;
    this.used.add(k);
    return true;
  }

  *all(): Generator<RelationshipEntry> {
    yield* this.racks();
    yield* this.networkDevices();
    yield* this.storage();
    yield* this.hosts();
    yield* this.operatingSystems();
    yield* this.clusters();
    yield* this.loadBalancers();
    yield* this.images();
    yield* this.containers();
    yield* this.platforms();
    yield* this.applications();
    yield* this.applicationServices();
    yield* this.businessServices();
  }

  private *racks(): Generator<RelationshipEntry> {
    const plan = this.plan;
    for (let r = 0; r < at(plan.count, RACK); r++) {
      yield this.edge(RACK, r, PART_OF, DC, plan.rackDc(r));
      for (let s = plan.rackServerStart(r); s < plan.rackServerStart(r + 1); s++) {
        yield this.edge(RACK, r, CONTAINS, SRV, s);
      }
    }
  }

  private *networkDevices(): Generator<RelationshipEntry> {
    const plan = this.plan;
    for (let dc = 0; dc < plan.dcs; dc++) {
      const start = plan.netStart(dc);
      const cores = plan.coreCount(dc);
      for (let d = start + cores; d < plan.netStart(dc + 1); d++) {
        for (let core = start; core < start + cores; core++) {
          yield this.edge(NET, d, CONNECTS_TO, NET, core);
        }
      }
    }
  }

  private *storage(): Generator<RelationshipEntry> {
    const plan = this.plan;
    for (let s = 0; s < at(plan.count, STOR); s++) {
      const dc = plan.storageDc(s);
      const racks = plan.rackStart(dc + 1) - plan.rackStart(dc);
      const rack = plan.rackStart(dc) + ((s - plan.storageStart(dc)) % racks);
      yield this.edge(RACK, rack, CONTAINS, STOR, s);
      yield this.edge(STOR, s, CONNECTS_TO, NET, plan.netStart(dc));
    }
  }

  private *hosts(): Generator<RelationshipEntry> {
    const plan = this.plan;
    const random = this.random;
    const servers = at(plan.count, SRV);
    const vms = at(plan.count, VM);
    for (let h = 0; h < servers + vms; h++) {
      this.used.clear();
      let type = SRV;
      let index = h;
      let rack: number;
      if (h < servers) {
        rack = plan.serverRack(h);
      } else {
        type = VM;
        index = h - servers;
        const dc = at(plan.vmDc, index);
        const server = plan.dcServerStart(dc) + random.int(plan.hypervisorCount(dc));
        rack = plan.serverRack(server);
        yield this.edge(VM, index, HOSTED_ON, SRV, server);
      }
      const uplink = plan.rackSwitch(rack);
      this.claim(USED_CONNECTS, NET, uplink);
      yield this.edge(type, index, CONNECTS_TO, NET, uplink);

      const dc = plan.hostDc(h);
      const netStart = plan.netStart(dc);
      const switches = plan.netStart(dc + 1) - netStart;
      const storageStart = plan.storageStart(dc);
      const storage = plan.storageStart(dc + 1) - storageStart;
      for (let k = at(plan.hostFlex, h); k > 0; k--) {
        let done = false;
        for (let attempt = 0; attempt < 8 && !done; attempt++) {
          if (random.next() < 0.6) {
            const sw = netStart + random.zipf(switches);
            if (this.claim(USED_CONNECTS, NET, sw)) {
              yield this.edge(type, index, CONNECTS_TO, NET, sw);
              done = true;
            }
          } else {
            const st = storageStart + random.zipf(storage);
            if (this.claim(USED_DEPENDS, STOR, st)) {
              yield this.edge(type, index, DEPENDS_ON, STOR, st);
              done = true;
            }
          }
        }
        for (let sw = netStart; !done && sw < netStart + switches; sw++) {
          if (this.claim(USED_CONNECTS, NET, sw)) {
            yield this.edge(type, index, CONNECTS_TO, NET, sw);
            done = true;
          }
        }
        for (let st = storageStart; !done && st < storageStart + storage; st++) {
          if (this.claim(USED_DEPENDS, STOR, st)) {
            yield this.edge(type, index, DEPENDS_ON, STOR, st);
            done = true;
          }
        }
      }
    }
  }

  private *operatingSystems(): Generator<RelationshipEntry> {
    const plan = this.plan;
    const servers = at(plan.count, SRV);
    for (let o = 0; o < at(plan.count, OS); o++) {
      yield o < servers
        ? this.edge(OS, o, INSTALLED_ON, SRV, o)
        : this.edge(OS, o, INSTALLED_ON, VM, o - servers);
    }
  }

  private storageNear(dc: number): number {
    const start = this.plan.storageStart(dc);
    return start + this.random.zipf(this.plan.storageStart(dc + 1) - start);
  }

  private *clusters(): Generator<RelationshipEntry> {
    const plan = this.plan;
    for (let cl = 0; cl < at(plan.count, CL); cl++) {
      for (let v = at(plan.clusterStart, cl); v < at(plan.clusterStart, cl + 1); v++) {
        yield this.edge(VM, v, MEMBER_OF, CL, cl);
      }
      const kind = at(plan.clusterKind, cl);
      if (kind === K8S || kind === DB_CLUSTER) {
        yield this.edge(CL, cl, DEPENDS_ON, STOR, this.storageNear(plan.clusterDc(cl)));
      }
    }
  }

  private *loadBalancers(): Generator<RelationshipEntry> {
    const plan = this.plan;
    for (let l = 0; l < at(plan.count, LB); l++) {
      for (let v = at(plan.poolStart, l); v < at(plan.poolStart, l + 1); v++) {
        yield this.edge(VM, v, MEMBER_OF, LB, l);
      }
      yield this.edge(LB, l, CONNECTS_TO, NET, plan.perimeter(l % plan.dcs));
    }
  }

  private *images(): Generator<RelationshipEntry> {
    const plan = this.plan;
    for (let i = 0; i < at(plan.count, IMG); i++) {
      if (plan.imageOwned(i)) yield this.edge(IMG, i, OWNED_BY, APP, at(plan.imageFirstApp, i));
    }
  }

  private *containers(): Generator<RelationshipEntry> {
    const plan = this.plan;
    for (let k = 0; k < at(plan.count, CTR); k++) {
      const app = at(plan.containerApp, k);
      yield this.edge(CTR, k, RUNS_ON, CL, at(plan.appCluster, app));
      yield this.edge(CTR, k, DEPENDS_ON, IMG, at(plan.appImage, app));
      if (plan.hasSidecar(k)) {
        yield this.edge(CTR, k, DEPENDS_ON, IMG, this.random.zipf(plan.sidecarImages));
      }
    }
  }

  private standaloneVm(): number {
    const plan = this.plan;
    return plan.standaloneStart + this.random.int(at(plan.count, VM) - plan.standaloneStart);
  }

  /** Databases and brokers run on a cluster of their kind when one exists, else on a VM. */
  private *platformOf(
    type: number,
    index: number,
    clusters: readonly number[],
    onCluster: number,
  ): Generator<RelationshipEntry> {
    const plan = this.plan;
    let dc: number;
    if (clusters.length > 0 && this.random.next() < onCluster) {
      const cl = at(clusters, this.random.int(clusters.length));
      dc = plan.clusterDc(cl);
      yield this.edge(type, index, RUNS_ON, CL, cl);
    } else {
      const vm = this.standaloneVm();
      dc = at(plan.vmDc, vm);
      yield this.edge(type, index, RUNS_ON, VM, vm);
    }
    if (type !== MW) yield this.edge(type, index, DEPENDS_ON, STOR, this.storageNear(dc));
  }

  private *platforms(): Generator<RelationshipEntry> {
    const plan = this.plan;
    for (let d = 0; d < at(plan.count, DB); d++) {
      yield* this.platformOf(DB, d, plan.dbClusters, 0.55);
    }
    for (let q = 0; q < at(plan.count, MQ); q++) {
      yield* this.platformOf(MQ, q, plan.mqClusters, 0.6);
    }
    for (let m = 0; m < at(plan.count, MW); m++) yield* this.platformOf(MW, m, [], 0);
  }

  /** A database of the application's own domain (never the shared one). */
  private ownDatabase(app: number): number {
    const plan = this.plan;
    const dbs = at(plan.count, DB);
    if (dbs < 2) return 0;
    const lanes = Math.min(DOMAINS.length, dbs - 1);
    const lane = Math.max(0, plan.appDomain(app)) % lanes;
    const perLane = Math.floor((dbs - 2 - lane) / lanes) + 1;
    return 1 + lane + lanes * this.random.int(perLane);
  }

  private *applications(): Generator<RelationshipEntry> {
    const plan = this.plan;
    const random = this.random;
    const dbs = at(plan.count, DB);
    const mqs = at(plan.count, MQ);
    const mws = at(plan.count, MW);
    for (let a = 0; a < at(plan.count, APP); a++) {
      this.used.clear();
      switch (at(plan.appKind, a)) {
        case ON_CONTAINERS:
          for (let k = at(plan.appContainerStart, a); k < at(plan.appContainerStart, a + 1); k++) {
            yield this.edge(APP, a, RUNS_ON, CTR, k);
          }
          break;
        case BEHIND_LB: {
          const lb = at(plan.appLb, a);
          for (let v = at(plan.poolStart, lb); v < at(plan.poolStart, lb + 1); v++) {
            yield this.edge(APP, a, RUNS_ON, VM, v);
          }
          break;
        }
        case ON_APP_CLUSTER:
          yield this.edge(APP, a, RUNS_ON, CL, at(plan.appCluster, a));
          break;
        default:
          yield this.edge(APP, a, RUNS_ON, VM, this.standaloneVm());
      }
      for (let s = at(plan.appServiceStart, a); s < at(plan.appServiceStart, a + 1); s++) {
        yield this.edge(APP, a, PROVIDES, SVC, s);
      }
      const fixedServices: number[] = [];
      if (plan.usesDns(a)) fixedServices.push(PLATFORM_SERVICE_DNS);
      if (plan.usesLdap(a)) fixedServices.push(PLATFORM_SERVICE_LDAP);
      if (plan.usesSso(a)) fixedServices.push(PLATFORM_SERVICE_SSO);
      const partner = plan.cyclePartner.get(a);
      if (partner !== undefined) fixedServices.push(at(plan.appServiceStart, partner));
      for (const s of fixedServices) {
        this.claim(USED_CONSUMES, SVC, s);
        yield this.edge(APP, a, CONSUMES, SVC, s);
      }
      if (plan.usesSharedDb(a)) {
        this.claim(USED_DEPENDS, DB, 0);
        yield this.edge(APP, a, DEPENDS_ON, DB, 0);
      }
      if (plan.usesOwnDb(a)) {
        const db = this.ownDatabase(a);
        this.claim(USED_DEPENDS, DB, db);
        yield this.edge(APP, a, DEPENDS_ON, DB, db);
      }

      // Extra needs: mostly services of older applications (so the graph stays nearly acyclic),
      // half of them popular ones, half from the neighbourhood; then databases and brokers.
      const lower = at(plan.appServiceStart, a);
      const neighbourhood = at(plan.appServiceStart, Math.max(0, a - 64));
      for (let k = at(plan.appFlex, a); k > 0; k--) {
        let done = false;
        for (let attempt = 0; attempt < 12 && !done; attempt++) {
          const u = random.next();
          if (u < 0.62 && lower > 0) {
            const s =
              random.next() < 0.55
                ? random.zipf(lower)
                : neighbourhood + random.int(lower - neighbourhood);
            if (this.claim(USED_CONSUMES, SVC, s)) {
              yield this.edge(APP, a, CONSUMES, SVC, s);
              done = true;
            }
          } else if (u < 0.86) {
            const db = random.zipf(dbs);
            if (this.claim(USED_DEPENDS, DB, db)) {
              yield this.edge(APP, a, DEPENDS_ON, DB, db);
              done = true;
            }
          } else if (u < 0.96) {
            const mq = random.zipf(mqs);
            if (this.claim(USED_DEPENDS, MQ, mq)) {
              yield this.edge(APP, a, DEPENDS_ON, MQ, mq);
              done = true;
            }
          } else {
            const mw = random.zipf(mws);
            if (this.claim(USED_DEPENDS, MW, mw)) {
              yield this.edge(APP, a, DEPENDS_ON, MW, mw);
              done = true;
            }
          }
        }
        // Crowded sources (small estates, early applications): take the first free target.
        for (let s = 0; !done && s < lower; s++) {
          if (this.claim(USED_CONSUMES, SVC, s)) {
            yield this.edge(APP, a, CONSUMES, SVC, s);
            done = true;
          }
        }
        for (let db = 0; !done && db < dbs; db++) {
          if (this.claim(USED_DEPENDS, DB, db)) {
            yield this.edge(APP, a, DEPENDS_ON, DB, db);
            done = true;
          }
        }
        for (let mq = 0; !done && mq < mqs; mq++) {
          if (this.claim(USED_DEPENDS, MQ, mq)) {
            yield this.edge(APP, a, DEPENDS_ON, MQ, mq);
            done = true;
          }
        }
        for (let mw = 0; !done && mw < mws; mw++) {
          if (this.claim(USED_DEPENDS, MW, mw)) {
            yield this.edge(APP, a, DEPENDS_ON, MW, mw);
            done = true;
          }
        }
      }
    }
  }

  private *applicationServices(): Generator<RelationshipEntry> {
    const plan = this.plan;
    for (let a = 0; a < at(plan.count, APP); a++) {
      const lb = at(plan.appLb, a);
      if (lb >= 0) yield this.edge(SVC, at(plan.appServiceStart, a), HOSTED_ON, LB, lb);
    }
  }

  private *businessServices(): Generator<RelationshipEntry> {
    const plan = this.plan;
    const random = this.random;
    const services = at(plan.count, SVC);
    const apps = at(plan.count, APP);
    // Business services sit on business-facing services, not on the shared platform.
    const first = services > plan.platformApps ? plan.platformApps : 0;
    const firstApp = apps > plan.platformApps ? plan.platformApps : 0;
    for (let b = 0; b < at(plan.count, BS); b++) {
      this.used.clear();
      const anchor = first + random.int(services - first);
      this.claim(USED_DEPENDS, SVC, anchor);
      yield this.edge(BS, b, DEPENDS_ON, SVC, anchor);
      for (let k = at(plan.bsFlex, b); k > 0; k--) {
        let done = false;
        for (let attempt = 0; attempt < 12 && !done; attempt++) {
          if (random.next() < 0.8) {
            const s = first + random.zipf(services - first);
            if (this.claim(USED_DEPENDS, SVC, s)) {
              yield this.edge(BS, b, DEPENDS_ON, SVC, s);
              done = true;
            }
          } else {
            const app = firstApp + random.zipf(apps - firstApp);
            if (this.claim(USED_DEPENDS, APP, app)) {
              yield this.edge(BS, b, DEPENDS_ON, APP, app);
              done = true;
            }
          }
        }
        for (let s = 0; !done && s < services; s++) {
          if (this.claim(USED_DEPENDS, SVC, s)) {
            yield this.edge(BS, b, DEPENDS_ON, SVC, s);
            done = true;
          }
        }
        for (let app = 0; !done && app < apps; app++) {
          if (this.claim(USED_DEPENDS, APP, app)) {
            yield this.edge(BS, b, DEPENDS_ON, APP, app);
            done = true;
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------

export function generateEstate(options: EstateOptions): Estate {
  const { ciCount } = options;
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const perCi = options.relationshipsPerCi ?? DEFAULT_RELATIONSHIPS_PER_CI;
  if (!Number.isInteger(ciCount) || ciCount < MIN_ESTATE_CI_COUNT) {
    throw new RangeError(`ciCount must be an integer ≥ ${MIN_ESTATE_CI_COUNT} (got ${ciCount})`);
  }
  if (!Number.isFinite(perCi) || perCi < 0) {
    throw new RangeError(`relationshipsPerCi must be a non-negative number (got ${perCi})`);
  }
  const plan = new EstatePlan(ciCount, seed, perCi);
  const byType: Record<string, number> = {};
  TYPE_NAMES.forEach((name, t) => (byType[name] = at(plan.count, t)));
  return {
    configurationItems: () => new CiWriter(plan).all(),
    relationships: () => new RelationshipWriter(plan).all(),
    summary: { ciCount, relationshipCount: plan.relationshipCount, byType },
  };
}
