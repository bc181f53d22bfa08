import type { CiTypeEntry, RelationshipTypeEntry } from "../interchange/interchange-document.js";

/**
 * The catalogue every new CMDB starts with (an organisation changes or extends it through the
 * API or an import; start-up only adds what is missing, never overwrites).
 *
 * A CI whose attributes carry `minimumMembers` is a redundancy group: it stays up while at least
 * that many of its members (CIs related to it by MEMBER_OF) are unaffected.
 */
export const DEFAULT_CI_TYPES: readonly CiTypeEntry[] = [
  {
    name: "BusinessService",
    description: "A service the business consumes; ranked by criticality (1 = most critical).",
    attributes: [{ name: "serviceLevel", type: "string", description: "e.g. 99.9%" }],
  },
  {
    name: "ApplicationService",
    description: "A technical service an application exposes (an API, a queue consumer).",
  },
  {
    name: "Application",
    description: "Deployed software.",
    attributes: [
      { name: "language", type: "string" },
      { name: "repository", type: "string" },
    ],
  },
  {
    name: "Middleware",
    parent: "Application",
    description: "Web servers, application servers, brokers.",
  },
  { name: "MessageQueue", parent: "Middleware", description: "A queue or topic broker." },
  {
    name: "Database",
    description: "A database (schema or instance).",
    attributes: [
      { name: "engine", type: "string" },
      { name: "sizeGb", type: "number" },
    ],
  },
  {
    name: "Server",
    description: "A host that runs software.",
    attributes: [
      { name: "cpuCores", type: "integer" },
      { name: "memoryGb", type: "number" },
      { name: "ipAddress", type: "string" },
    ],
  },
  { name: "VirtualMachine", parent: "Server", description: "A server that runs on a hypervisor." },
  {
    name: "OperatingSystem",
    description: "An operating system installed on a server.",
    attributes: [
      { name: "family", type: "string" },
      { name: "patchLevel", type: "string" },
    ],
  },
  { name: "Container", description: "A running container (a pod, a task)." },
  {
    name: "ContainerImage",
    description: "A container image, by repository and tag.",
    attributes: [{ name: "digest", type: "string" }],
  },
  {
    name: "Cluster",
    description: "A redundancy group: up while at least minimumMembers of its members are up.",
    attributes: [{ name: "minimumMembers", type: "integer", required: true }],
  },
  {
    name: "LoadBalancer",
    description: "Spreads traffic over a pool; with minimumMembers, a redundancy group.",
    attributes: [
      { name: "minimumMembers", type: "integer" },
      { name: "vip", type: "string" },
    ],
  },
  { name: "NetworkDevice", description: "Switches, routers, firewalls." },
  {
    name: "Storage",
    description: "Storage arrays, volumes, buckets.",
    attributes: [{ name: "capacityTb", type: "number" }],
  },
  { name: "Rack", description: "A rack in a data centre." },
  // what discovery reads (docs/adr/011-discovery.md)
  {
    name: "Namespace",
    description: "A logical grouping of CIs: a Kubernetes namespace, a compose project.",
    attributes: [{ name: "kind", type: "string" }],
  },
  {
    name: "KubernetesWorkload",
    parent: "Application",
    description: "A Deployment, StatefulSet, DaemonSet, Job, CronJob or bare Pod.",
    attributes: [
      { name: "kind", type: "string" },
      { name: "namespace", type: "string" },
      { name: "replicas", type: "integer" },
    ],
  },
  {
    name: "KubernetesService",
    parent: "ApplicationService",
    description: "A Kubernetes Service: a stable name in front of the pods it selects.",
    attributes: [
      { name: "namespace", type: "string" },
      { name: "serviceType", type: "string" },
    ],
  },
  {
    name: "Ingress",
    parent: "LoadBalancer",
    description: "A Kubernetes Ingress: routes outside traffic to Services.",
    attributes: [{ name: "namespace", type: "string" }],
  },
  {
    name: "ConfigurationData",
    description:
      "A ConfigMap, a Secret, a compose secret or config: by reference, never its values.",
    attributes: [{ name: "kind", type: "string" }],
  },
  {
    name: "VolumeClaim",
    parent: "Storage",
    description: "A Kubernetes PersistentVolumeClaim.",
    attributes: [{ name: "storage", type: "string" }],
  },
  { name: "Volume", parent: "Storage", description: "A named volume (compose)." },
  { name: "Network", description: "A logical network (a compose network, a VPC)." },
  {
    name: "ComposeService",
    parent: "Application",
    description: "A service of a compose project.",
    attributes: [
      { name: "project", type: "string" },
      { name: "profiles", type: "array" },
    ],
  },
  {
    name: "SoftwareComponent",
    parent: "Application",
    description: "A Backstage Component: a service, website or library.",
  },
  {
    name: "Api",
    parent: "ApplicationService",
    description: "An API a component provides (a Backstage API).",
  },
  {
    name: "System",
    parent: "ApplicationService",
    description: "Components and resources that together provide a function (a Backstage System).",
  },
  {
    name: "Domain",
    parent: "BusinessService",
    description: "A business area grouping systems (a Backstage Domain).",
  },
  { name: "Team", description: "A group of people (a Backstage Group)." },
  {
    name: "Person",
    description: "A person (a Backstage User).",
    attributes: [{ name: "email", type: "string" }],
  },
  {
    name: "CloudResource",
    description:
      "Infrastructure managed through a provider's API (a Terraform resource, a bucket).",
    attributes: [
      { name: "resourceType", type: "string" },
      { name: "provider", type: "string" },
    ],
  },
  {
    name: "Datacenter",
    description: "A site.",
    attributes: [{ name: "location", type: "string" }],
  },
];

/**
 * The types only discovery makes (docs/adr/011-discovery.md); the demo and generated estates,
 * written by hand and by rule, hold every other type.
 */
export const DISCOVERY_CI_TYPE_NAMES: readonly string[] = [
  "Namespace",
  "KubernetesWorkload",
  "KubernetesService",
  "Ingress",
  "ConfigurationData",
  "VolumeClaim",
  "Volume",
  "Network",
  "ComposeService",
  "SoftwareComponent",
  "Api",
  "System",
  "Domain",
  "Team",
  "Person",
  "CloudResource",
];

// Which CI types each default relationship type joins. A rule names a type and so admits its
// subtypes (Middleware and MessageQueue are Applications, a VirtualMachine is a Server).
/** Software and the services it offers. */
const SOFTWARE = ["Application", "ApplicationService", "Container", "Database"];
/** What software runs on. */
const PLATFORMS = ["Cluster", "Container", "Server"];
/** What has a network address. */
const NETWORKED = [
  "Application",
  "ApplicationService",
  "Cluster",
  "Container",
  "Database",
  "LoadBalancer",
  "NetworkDevice",
  "Server",
  "Storage",
];
/** Hardware that sits in a rack or a site. */
const HARDWARE = ["LoadBalancer", "NetworkDevice", "Server", "Storage"];
/** What a service is provided by, consumed by and owned by. */
const SERVICES = ["Application", "ApplicationService", "BusinessService"];
/** Who owns things and belongs to teams, and depends on nothing. */
const PEOPLE = ["Team", "Person"];
/**
 * Every default type but the sites and racks, which are related by CONTAINS and PART_OF, and
 * people, who are related by OWNED_BY and MEMBER_OF_GROUP.
 */
const LOGICAL_AND_TECHNICAL = DEFAULT_CI_TYPES.map((t) => t.name).filter(
  (t) => t !== "Datacenter" && t !== "Rack" && !PEOPLE.includes(t),
);

export const DEFAULT_RELATIONSHIP_TYPES: readonly RelationshipTypeEntry[] = [
  {
    name: "DEPENDS_ON",
    inverseName: "USED_BY",
    dependent: "SOURCE",
    allowedSourceTypes: LOGICAL_AND_TECHNICAL,
    allowedTargetTypes: LOGICAL_AND_TECHNICAL,
    description: "A needs B: a change to B impacts A.",
  },
  {
    name: "RUNS_ON",
    inverseName: "RUNS",
    dependent: "SOURCE",
    allowedSourceTypes: SOFTWARE,
    allowedTargetTypes: PLATFORMS,
    description: "Software runs on a host or platform (a server, a cluster, a container).",
  },
  {
    name: "HOSTED_ON",
    inverseName: "HOSTS",
    dependent: "SOURCE",
    allowedSourceTypes: [...SOFTWARE, "LoadBalancer", "NetworkDevice", "Storage", "VirtualMachine"],
    allowedTargetTypes: ["Cluster", "LoadBalancer", "Server"],
    description: "A VM, a virtual appliance or a service is hosted on B.",
  },
  {
    name: "CONNECTS_TO",
    inverseName: "CONNECTED_FROM",
    dependent: "SOURCE",
    allowedSourceTypes: NETWORKED,
    allowedTargetTypes: NETWORKED,
    description: "A reaches B over the network.",
  },
  {
    name: "CONSUMES",
    inverseName: "CONSUMED_BY",
    dependent: "SOURCE",
    allowedSourceTypes: [...SERVICES, "Container"],
    allowedTargetTypes: [...SERVICES, "Database"],
    description: "A consumes the service B.",
  },
  {
    name: "INSTALLED_ON",
    inverseName: "HAS_INSTALLED",
    dependent: "TARGET",
    allowedSourceTypes: ["OperatingSystem", "Application"],
    allowedTargetTypes: HARDWARE,
    description:
      "An OS or agent installed on a host: patching it impacts the host and what runs there.",
  },
  {
    name: "PROVIDES",
    inverseName: "PROVIDED_BY",
    dependent: "TARGET",
    allowedSourceTypes: [...SOFTWARE, "Cluster", "LoadBalancer"],
    allowedTargetTypes: ["ApplicationService", "BusinessService"],
    description: "A provides the service B.",
  },
  {
    name: "CONTAINS",
    inverseName: "CONTAINED_IN",
    dependent: "TARGET",
    allowedSourceTypes: ["Datacenter", "Rack"],
    allowedTargetTypes: [...HARDWARE, "Rack"],
    description: "A site or rack contains B (a rack its servers).",
  },
  {
    name: "PART_OF",
    inverseName: "HAS_PART",
    dependent: "TARGET",
    allowedSourceTypes: [...HARDWARE, "Rack"],
    allowedTargetTypes: ["Datacenter", "Rack"],
    description: "A is a physical part of the site or rack B.",
  },
  {
    name: "MEMBER_OF",
    inverseName: "HAS_MEMBER",
    dependent: "TARGET",
    membership: true,
    allowedSourceTypes: [...SOFTWARE, ...HARDWARE],
    allowedTargetTypes: ["Cluster", "LoadBalancer"],
    description: "A is a member of the redundancy group B (a cluster, a pool).",
  },
  {
    name: "OWNED_BY",
    inverseName: "OWNS",
    dependent: "NONE",
    allowedSourceTypes: DEFAULT_CI_TYPES.map((t) => t.name),
    allowedTargetTypes: [...SERVICES, ...PEOPLE],
    description:
      "Ownership (an image by the application it is built for, a component by its team); no impact either way.",
  },
  {
    name: "BELONGS_TO",
    inverseName: "HAS_ELEMENT",
    dependent: "TARGET",
    allowedSourceTypes: LOGICAL_AND_TECHNICAL,
    allowedTargetTypes: ["Namespace", "Application", "ApplicationService", "BusinessService"],
    description:
      "A is part of the logical whole B (a workload of its namespace, a component of its system, a system of its domain): a change to A impacts B.",
  },
  {
    name: "MEMBER_OF_GROUP",
    inverseName: "HAS_GROUP_MEMBER",
    dependent: "NONE",
    allowedSourceTypes: PEOPLE,
    allowedTargetTypes: ["Team"],
    description: "A person or team is a member of the team B; no impact either way.",
  },
];
