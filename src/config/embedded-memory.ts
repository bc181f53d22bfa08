import os from "node:os";

export interface EmbeddedMemory {
  readonly heapMb: number;
  readonly pageCacheMb: number;
  /** Where the figures come from, for the line that reports them at start. */
  readonly basis: string;
}

const GIB = 1024;

/**
 * Default heap and page cache of the embedded Neo4j, from the machine's memory: a quarter of it
 * each (Neo4j's own advice leaves about half to the OS and other processes), the heap between
 * 1 GiB and 31 GiB (compressed object pointers stop above 31), the page cache at least 512 MiB.
 * Neo4j's transaction memory pool is 70% of the heap by default, so a larger heap is what lets
 * larger transactions through. 24 GiB machine: 6 GiB heap, 6 GiB page cache.
 */
export function embeddedMemoryFor(totalBytes: number = os.totalmem()): EmbeddedMemory {
  const totalMb = Math.floor(totalBytes / (1024 * 1024));
  const quarter = Math.floor(totalMb / 4);
  return {
    heapMb: Math.min(31 * GIB, Math.max(GIB, quarter)),
    pageCacheMb: Math.max(512, quarter),
    basis: `a quarter each of this machine's ${(totalMb / GIB).toFixed(1)} GiB`,
  };
}
