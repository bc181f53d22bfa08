// The words of a believable estate: sites, business domains and their services, products and
// versions. Domains are ordered roughly by size (applications are drawn skewed to the top).

export interface Site {
  code: string;
  city: string;
  country: string;
}
export const SITES: readonly Site[] = [
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

export interface Domain {
  name: string;
  slug: string;
  nouns: readonly string[];
  business: readonly string[];
}
// Ordered roughly by size: app domains are drawn with a skew towards the top of the list.
export const DOMAINS: readonly Domain[] = [
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

export interface BusinessName {
  name: string;
  domain: number;
}
export const BUSINESS_NAMES: readonly BusinessName[] = DOMAINS.flatMap((domain, index) =>
  domain.business.map((name) => ({ name, domain: index })),
);
export const BUSINESS_VARIANTS: readonly string[] = ["EMEA", "Americas", "APAC", "B2B", "Staff"];

export const COMPONENTS: readonly string[] = [
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
export const WEB_COMPONENTS: readonly string[] = ["API", "Portal", "Web", "Gateway"];
export const LANGUAGES: readonly string[] = [
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
export interface PlatformService {
  app: string;
  service: string;
  language: string;
  slug: string;
}
export const PLATFORM: readonly PlatformService[] = [
  { app: "CoreDNS", service: "DNS Resolution", language: "Go", slug: "coredns" },
  { app: "OpenLDAP", service: "LDAP Directory", language: "C", slug: "openldap" },
  { app: "Keycloak", service: "Single Sign-On", language: "Java", slug: "keycloak" },
  { app: "HashiCorp Vault", service: "Secrets Management", language: "Go", slug: "vault" },
  { app: "Elastic Stack", service: "Central Logging", language: "Java", slug: "elastic" },
  { app: "Prometheus", service: "Metrics and Alerting", language: "Go", slug: "prometheus" },
  { app: "Consul", service: "Service Discovery", language: "Go", slug: "consul" },
  { app: "Chrony", service: "Time Synchronisation", language: "C", slug: "chrony" },
];
export const PLATFORM_SERVICE_DNS = 0;
export const PLATFORM_SERVICE_LDAP = 1;
export const PLATFORM_SERVICE_SSO = 2;

export interface Product {
  name: string;
  versions: readonly string[];
}
export const DB_ENGINES: readonly Product[] = [
  { name: "PostgreSQL", versions: ["14.11", "15.6", "16.2"] },
  { name: "PostgreSQL", versions: ["15.6", "16.2"] },
  { name: "Oracle", versions: ["19c", "21c"] },
  { name: "MySQL", versions: ["8.0.36", "8.4.0"] },
  { name: "SQL Server", versions: ["2019", "2022"] },
  { name: "MongoDB", versions: ["6.0", "7.0"] },
  { name: "Redis", versions: ["7.2"] },
  { name: "Cassandra", versions: ["4.1"] },
];
export const MQ_ENGINES: readonly Product[] = [
  { name: "Kafka", versions: ["3.6", "3.7"] },
  { name: "Kafka", versions: ["3.7"] },
  { name: "RabbitMQ", versions: ["3.12", "3.13"] },
  { name: "ActiveMQ", versions: ["5.18"] },
  { name: "IBM MQ", versions: ["9.3"] },
];
export const MIDDLEWARE: readonly Product[] = [
  { name: "NGINX", versions: ["1.24", "1.26"] },
  { name: "Apache Tomcat", versions: ["9.0.87", "10.1.20"] },
  { name: "Kong Gateway", versions: ["3.6"] },
  { name: "HAProxy", versions: ["2.8"] },
  { name: "WildFly", versions: ["31.0"] },
  { name: "IBM WebSphere Liberty", versions: ["24.0"] },
  { name: "Apache HTTP Server", versions: ["2.4.59"] },
];
export const STORAGE_PRODUCTS: readonly string[] = [
  "NetApp AFF A400",
  "Pure FlashArray//X",
  "Dell PowerStore",
  "Ceph pool",
  "HPE Alletra",
];
export const LINUX: readonly Product[] = [
  { name: "Red Hat Enterprise Linux", versions: ["8.9", "9.3", "9.4"] },
  { name: "Ubuntu Server", versions: ["22.04", "24.04"] },
  { name: "SUSE Linux Enterprise Server", versions: ["15 SP5"] },
];
export const WINDOWS: Product = { name: "Windows Server", versions: ["2019", "2022"] };
export const ESXI: Product = { name: "VMware ESXi", versions: ["7.0 U3", "8.0 U2"] };
export const SIDECARS: readonly Product[] = [
  { name: "envoyproxy/envoy", versions: ["1.29.1"] },
  { name: "fluent/fluent-bit", versions: ["3.0.2"] },
  { name: "istio/proxyv2", versions: ["1.21.0"] },
];
export const BASE_IMAGES: readonly string[] = [
  "base/java-runtime",
  "base/node-runtime",
  "base/python-runtime",
  "base/go-static",
  "base/debian-slim",
];
export const SERVICE_SUFFIXES: readonly string[] = ["API", "Events", "Feed"];
export const SERVICE_LEVELS: readonly string[] = ["99.99%", "99.95%", "99.9%", "99.5%"];

export const DB_CLUSTER_PRODUCTS: readonly string[] = [
  "PostgreSQL Patroni",
  "Oracle RAC",
  "SQL Server Always On",
  "MongoDB replica set",
];
export const APP_CLUSTER_PRODUCTS: readonly string[] = ["WebLogic", "JBoss EAP", "Tomcat"];
export const MQ_CLUSTER_PRODUCTS: readonly string[] = ["Kafka", "RabbitMQ"];
