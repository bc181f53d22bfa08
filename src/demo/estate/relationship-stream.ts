import type { RelationshipEntry } from "../../domain/interchange/interchange-document.js";
import { TYPE_COUNT, VM } from "./ci-kinds.js";
import type { EstatePlan } from "./estate-plan.js";
import { at, hash, Random } from "./random.js";

// Relationships are emitted source by source, so duplicates are ruled out with a small local set.

export const USED_DEPENDS = 0;
export const USED_CONNECTS = 1;
export const USED_CONSUMES = 2;

const STREAM_RELATIONSHIPS = 102;

/** What the relationship parts share: the plan, one random stream in order, the edge helpers. */
export class RelationshipStream {
  readonly random: Random;
  /** Targets already used by the current source, as (global CI index × 4 + relationship). */
  readonly used = new Set<number>();
  private readonly offset = new Int32Array(TYPE_COUNT);

  constructor(readonly plan: EstatePlan) {
    this.random = new Random(hash(plan.seed, STREAM_RELATIONSHIPS, 0));
    let sum = 0;
    for (let t = 0; t < TYPE_COUNT; t++) {
      this.offset[t] = sum;
      sum += at(plan.count, t);
    }
  }

  edge(
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
  claim(relationship: number, toType: number, to: number): boolean {
    const k = this.usedKey(relationship, toType, to);
    if (this.used.has(k)) return false;
    this.used.add(k);
    return true;
  }

  storageNear(dc: number): number {
    const start = this.plan.storageStart(dc);
    return start + this.random.zipf(this.plan.storageStart(dc + 1) - start);
  }

  standaloneVm(): number {
    const plan = this.plan;
    return plan.standaloneStart + this.random.int(at(plan.count, VM) - plan.standaloneStart);
  }
}
