// The CI types of a generated estate as small integers (indexes into per-type arrays), their names
// and key prefixes, and the relationship types used.
// CI types, in output order.
export const DC = 0;
export const RACK = 1;
export const NET = 2;
export const STOR = 3;
export const SRV = 4;
export const VM = 5;
export const OS = 6;
export const CL = 7;
export const LB = 8;
export const IMG = 9;
export const CTR = 10;
export const DB = 11;
export const MQ = 12;
export const MW = 13;
export const APP = 14;
export const SVC = 15;
export const BS = 16;
export const TYPE_COUNT = 17;

export const TYPE_NAMES: readonly string[] = [
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
export const KEY_PREFIX: readonly string[] = [
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
export const KEY_DIGITS: readonly number[] = [2, 4, 4, 4, 5, 6, 6, 4, 4, 5, 6, 5, 4, 4, 6, 6, 4];

export const DEPENDS_ON = "DEPENDS_ON";
export const RUNS_ON = "RUNS_ON";
export const HOSTED_ON = "HOSTED_ON";
export const CONNECTS_TO = "CONNECTS_TO";
export const CONSUMES = "CONSUMES";
export const INSTALLED_ON = "INSTALLED_ON";
export const PROVIDES = "PROVIDES";
export const CONTAINS = "CONTAINS";
export const PART_OF = "PART_OF";
export const MEMBER_OF = "MEMBER_OF";
export const OWNED_BY = "OWNED_BY";
