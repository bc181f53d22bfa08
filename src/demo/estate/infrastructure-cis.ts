import type { CiEntry } from "../../domain/interchange/interchange-document.js";
import { CL, DC, LB, NET, OS, RACK, SRV, STOR, VM } from "./ci-kinds.js";
import { type CiNaming, ipAddress } from "./ci-naming.js";
import { APP_CLUSTER, DB_CLUSTER, K8S } from "./estate-plan.js";
import { at, blockOf, pad } from "./random.js";
import {
  APP_CLUSTER_PRODUCTS,
  DB_CLUSTER_PRODUCTS,
  ESXI,
  LINUX,
  MQ_CLUSTER_PRODUCTS,
  type Product,
  STORAGE_PRODUCTS,
  WINDOWS,
} from "./vocabulary.js";

/** The sites, racks, network, storage, hosts, operating systems, clusters and load balancers. */
export function* infrastructureCis(naming: CiNaming): Generator<CiEntry> {
  const c = naming.plan.count;
  for (let i = 0; i < at(c, DC); i++) yield datacenter(naming, i);
  for (let i = 0; i < at(c, RACK); i++) yield rack(naming, i);
  for (let i = 0; i < at(c, NET); i++) yield networkDevice(naming, i);
  for (let i = 0; i < at(c, STOR); i++) yield storage(naming, i);
  for (let i = 0; i < at(c, SRV); i++) yield server(naming, i);
  for (let i = 0; i < at(c, VM); i++) yield virtualMachine(naming, i);
  for (let i = 0; i < at(c, OS); i++) yield operatingSystem(naming, i);
  for (let i = 0; i < at(c, CL); i++) yield cluster(naming, i);
  for (let i = 0; i < at(c, LB); i++) yield loadBalancer(naming, i);
}

function datacenter(naming: CiNaming, i: number): CiEntry {
  const site = naming.site(i);
  const name = `${site.city} Data Centre (${site.code})`;
  return naming.entry(DC, i, name, "team-infrastructure", "team-datacentre", "PRODUCTION", {
    attributes: { location: `${site.city}, ${site.country}` },
  });
}

function rack(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const dc = plan.rackDc(i);
  const local = i - plan.rackStart(dc);
  const row = String.fromCharCode(65 + (Math.floor(local / 20) % 26));
  const name = `${naming.site(dc).code} rack ${row}${pad((local % 20) + 1, 2)}`;
  return naming.entry(RACK, i, name, "team-infrastructure", "team-datacentre", "PRODUCTION", {});
}

function networkDevice(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const dc = blockOf(i, at(plan.count, NET), plan.dcs);
  const local = i - plan.netStart(dc);
  const code = naming.site(dc).code;
  const cores = plan.coreCount(dc);
  const firewalls = plan.firewallCount(dc);
  const name =
    local < cores
      ? `${code}-core-sw-0${local + 1}`
      : local < cores + firewalls
        ? `${code}-fw-01`
        : `${code}-tor-sw-${pad(local - cores - firewalls + 1, 3)}`;
  return naming.entry(NET, i, name, "team-infrastructure", "team-network", "PRODUCTION", {});
}

function storage(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const dc = plan.storageDc(i);
  const h = naming.look(STOR, i);
  const product = at(STORAGE_PRODUCTS, h % STORAGE_PRODUCTS.length);
  const name = `${naming.site(dc).code} ${product} ${pad(i - plan.storageStart(dc) + 1, 2)}`;
  const capacityTb = Math.round((20 + ((h >>> 8) % 2000) * 0.5) * 10) / 10;
  return naming.entry(STOR, i, name, "team-infrastructure", "team-storage", "PRODUCTION", {
    attributes: { capacityTb },
  });
}

function server(naming: CiNaming, i: number): CiEntry {
  const h = naming.look(SRV, i);
  const memory = naming.plan.isHypervisor(i) ? [512, 768, 1024, 1536] : [128, 256, 384];
  return naming.entry(
    SRV,
    i,
    naming.serverName(i),
    "team-infrastructure",
    "team-compute",
    naming.hostLifecycle(i),
    {
      attributes: {
        cpuCores: at([32, 48, 64, 96, 128], h % 5),
        memoryGb: at(memory, (h >>> 4) % memory.length),
        ipAddress: ipAddress(0, i),
      },
    },
  );
}

function virtualMachine(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const h = naming.look(VM, i);
  const group = at(plan.vmGroup, i);
  const owner =
    group >= 0
      ? naming.clusterTeam(group)
      : group <= -2
        ? naming.appTeam(at(plan.lbApp, -2 - group))
        : "team-infrastructure";
  const host = at(plan.count, SRV) + i;
  return naming.entry(VM, i, naming.vmName(i), owner, "team-compute", naming.hostLifecycle(host), {
    attributes: {
      cpuCores: at([2, 4, 4, 8, 8, 16], h % 6),
      memoryGb: at([4, 8, 16, 16, 32, 64], (h >>> 4) % 6),
      ipAddress: ipAddress(32, i),
    },
  });
}

function operatingSystem(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const h = naming.look(OS, i);
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
  return naming.entry(
    OS,
    i,
    `${product.name} ${version} on ${naming.hostName(i)}`,
    "team-infrastructure",
    "team-compute",
    naming.hostLifecycle(i),
    {
      version,
      attributes: { family, patchLevel: `${month > 9 ? 2025 : 2026}-${pad(month, 2)}` },
    },
  );
}

function cluster(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const h = naming.look(CL, i);
  const kind = at(plan.clusterKind, i);
  const code = naming.site(plan.clusterDc(i)).code;
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
  const team = naming.clusterTeam(i);
  return naming.entry(CL, i, name, team, team, "PRODUCTION", {
    ...(version !== undefined ? { version } : {}),
    attributes: { minimumMembers: plan.clusterMinimum(i) },
  });
}

function loadBalancer(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const app = at(plan.lbApp, i);
  const pool = plan.poolSize(i);
  return naming.entry(
    LB,
    i,
    `${naming.appName(app)} load balancer`,
    naming.appTeam(app),
    "team-network",
    "PRODUCTION",
    {
      attributes: { minimumMembers: Math.ceil(pool / 2), vip: ipAddress(250, i) },
    },
  );
}
