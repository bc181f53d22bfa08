import type { RelationshipEntry } from "../../domain/interchange/interchange-document.js";
import {
  CL,
  CONNECTS_TO,
  CONTAINS,
  DC,
  DEPENDS_ON,
  HOSTED_ON,
  INSTALLED_ON,
  LB,
  MEMBER_OF,
  NET,
  OS,
  PART_OF,
  RACK,
  SRV,
  STOR,
  VM,
} from "./ci-kinds.js";
import { DB_CLUSTER, K8S } from "./estate-plan.js";
import { at } from "./random.js";
import { type RelationshipStream, USED_CONNECTS, USED_DEPENDS } from "./relationship-stream.js";

/** Racks in sites, the network, storage, hosts and their uplinks, OS, cluster and pool members. */
export function* infrastructureRelationships(
  stream: RelationshipStream,
): Generator<RelationshipEntry> {
  yield* racks(stream);
  yield* networkDevices(stream);
  yield* storage(stream);
  yield* hosts(stream);
  yield* operatingSystems(stream);
  yield* clusters(stream);
  yield* loadBalancers(stream);
}

function* racks(stream: RelationshipStream): Generator<RelationshipEntry> {
  const plan = stream.plan;
  for (let r = 0; r < at(plan.count, RACK); r++) {
    yield stream.edge(RACK, r, PART_OF, DC, plan.rackDc(r));
    for (let s = plan.rackServerStart(r); s < plan.rackServerStart(r + 1); s++) {
      yield stream.edge(RACK, r, CONTAINS, SRV, s);
    }
  }
}

function* networkDevices(stream: RelationshipStream): Generator<RelationshipEntry> {
  const plan = stream.plan;
  for (let dc = 0; dc < plan.dcs; dc++) {
    const start = plan.netStart(dc);
    const cores = plan.coreCount(dc);
    for (let d = start + cores; d < plan.netStart(dc + 1); d++) {
      for (let core = start; core < start + cores; core++) {
        yield stream.edge(NET, d, CONNECTS_TO, NET, core);
      }
    }
  }
}

function* storage(stream: RelationshipStream): Generator<RelationshipEntry> {
  const plan = stream.plan;
  for (let s = 0; s < at(plan.count, STOR); s++) {
    const dc = plan.storageDc(s);
    const racks = plan.rackStart(dc + 1) - plan.rackStart(dc);
    const rack = plan.rackStart(dc) + ((s - plan.storageStart(dc)) % racks);
    yield stream.edge(RACK, rack, CONTAINS, STOR, s);
    yield stream.edge(STOR, s, CONNECTS_TO, NET, plan.netStart(dc));
  }
}

function* hosts(stream: RelationshipStream): Generator<RelationshipEntry> {
  const plan = stream.plan;
  const random = stream.random;
  const servers = at(plan.count, SRV);
  const vms = at(plan.count, VM);
  for (let h = 0; h < servers + vms; h++) {
    stream.used.clear();
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
      yield stream.edge(VM, index, HOSTED_ON, SRV, server);
    }
    const uplink = plan.rackSwitch(rack);
    stream.claim(USED_CONNECTS, NET, uplink);
    yield stream.edge(type, index, CONNECTS_TO, NET, uplink);

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
          if (stream.claim(USED_CONNECTS, NET, sw)) {
            yield stream.edge(type, index, CONNECTS_TO, NET, sw);
            done = true;
          }
        } else {
          const st = storageStart + random.zipf(storage);
          if (stream.claim(USED_DEPENDS, STOR, st)) {
            yield stream.edge(type, index, DEPENDS_ON, STOR, st);
            done = true;
          }
        }
      }
      for (let sw = netStart; !done && sw < netStart + switches; sw++) {
        if (stream.claim(USED_CONNECTS, NET, sw)) {
          yield stream.edge(type, index, CONNECTS_TO, NET, sw);
          done = true;
        }
      }
      for (let st = storageStart; !done && st < storageStart + storage; st++) {
        if (stream.claim(USED_DEPENDS, STOR, st)) {
          yield stream.edge(type, index, DEPENDS_ON, STOR, st);
          done = true;
        }
      }
    }
  }
}

function* operatingSystems(stream: RelationshipStream): Generator<RelationshipEntry> {
  const plan = stream.plan;
  const servers = at(plan.count, SRV);
  for (let o = 0; o < at(plan.count, OS); o++) {
    yield o < servers
      ? stream.edge(OS, o, INSTALLED_ON, SRV, o)
      : stream.edge(OS, o, INSTALLED_ON, VM, o - servers);
  }
}

function* clusters(stream: RelationshipStream): Generator<RelationshipEntry> {
  const plan = stream.plan;
  for (let cl = 0; cl < at(plan.count, CL); cl++) {
    for (let v = at(plan.clusterStart, cl); v < at(plan.clusterStart, cl + 1); v++) {
      yield stream.edge(VM, v, MEMBER_OF, CL, cl);
    }
    const kind = at(plan.clusterKind, cl);
    if (kind === K8S || kind === DB_CLUSTER) {
      yield stream.edge(CL, cl, DEPENDS_ON, STOR, stream.storageNear(plan.clusterDc(cl)));
    }
  }
}

function* loadBalancers(stream: RelationshipStream): Generator<RelationshipEntry> {
  const plan = stream.plan;
  for (let l = 0; l < at(plan.count, LB); l++) {
    for (let v = at(plan.poolStart, l); v < at(plan.poolStart, l + 1); v++) {
      yield stream.edge(VM, v, MEMBER_OF, LB, l);
    }
    yield stream.edge(LB, l, CONNECTS_TO, NET, plan.perimeter(l % plan.dcs));
  }
}
