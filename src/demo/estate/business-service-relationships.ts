import type { RelationshipEntry } from "../../domain/interchange/interchange-document.js";
import { APP, BS, DEPENDS_ON, SVC } from "./ci-kinds.js";
import { at } from "./random.js";
import { type RelationshipStream, USED_DEPENDS } from "./relationship-stream.js";

/** Each business service on business-facing services and applications (not the platform). */
export function* businessServiceRelationships(
  stream: RelationshipStream,
): Generator<RelationshipEntry> {
  const plan = stream.plan;
  const random = stream.random;
  const services = at(plan.count, SVC);
  const apps = at(plan.count, APP);
  // Business services sit on business-facing services, not on the shared platform.
  const first = services > plan.platformApps ? plan.platformApps : 0;
  const firstApp = apps > plan.platformApps ? plan.platformApps : 0;
  for (let b = 0; b < at(plan.count, BS); b++) {
    stream.used.clear();
    const anchor = first + random.int(services - first);
    stream.claim(USED_DEPENDS, SVC, anchor);
    yield stream.edge(BS, b, DEPENDS_ON, SVC, anchor);
    for (let k = at(plan.bsFlex, b); k > 0; k--) {
      let done = false;
      for (let attempt = 0; attempt < 12 && !done; attempt++) {
        if (random.next() < 0.8) {
          const s = first + random.zipf(services - first);
          if (stream.claim(USED_DEPENDS, SVC, s)) {
            yield stream.edge(BS, b, DEPENDS_ON, SVC, s);
            done = true;
          }
        } else {
          const app = firstApp + random.zipf(apps - firstApp);
          if (stream.claim(USED_DEPENDS, APP, app)) {
            yield stream.edge(BS, b, DEPENDS_ON, APP, app);
            done = true;
          }
        }
      }
      for (let s = 0; !done && s < services; s++) {
        if (stream.claim(USED_DEPENDS, SVC, s)) {
          yield stream.edge(BS, b, DEPENDS_ON, SVC, s);
          done = true;
        }
      }
      for (let app = 0; !done && app < apps; app++) {
        if (stream.claim(USED_DEPENDS, APP, app)) {
          yield stream.edge(BS, b, DEPENDS_ON, APP, app);
          done = true;
        }
      }
    }
  }
}
