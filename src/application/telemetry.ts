/**
 * What use cases tell about their work as it happens (impact walks, imports), for whoever
 * listens: the metrics of an HTTP server subscribe; the CLI and most tests do not. Values only,
 * never CI keys or user names: listeners turn them into metrics with bounded labels.
 */

/** Where a walk ran: the plugin's procedure inside Neo4j, or Cypher level by level. */
export type WalkKind = "procedure" | "cypher";

export interface WalkSample {
  readonly kind: WalkKind;
  /** CIs the walk reached beyond its starting CIs (what the node cap counts). */
  readonly reached: number;
  /** The walk stopped at its node cap. */
  readonly truncated: boolean;
  readonly seconds: number;
}

/** A document imported in one transaction (GraphQL, the demo), or a discovery run's write. */
export type ImportKind = "document" | "discovery";

/** applied: committed; dry_run: checked, rolled back; refused: the document has errors; failed: an error was thrown. */
export type ImportOutcome = "applied" | "dry_run" | "refused" | "failed";

export type ImportPhase = "configurationItems" | "relationships";

export interface ImportWatch {
  /** Entries of `phase` done so far in this attempt, of `total` when known. */
  progress(phase: ImportPhase, done: number, total: number | null): void;
  /** Neo4j made the import start its transaction again (a transient failure). */
  retried(): void;
  /** The import ended; `written` counts what it committed (zero unless applied). */
  finished(outcome: ImportOutcome, written: Readonly<Record<ImportPhase, number>>): void;
}

export interface TelemetrySink {
  walked(sample: WalkSample): void;
  importStarted(kind: ImportKind): ImportWatch;
}

/** The application's telemetry: passes each observation to every subscribed sink. */
export class Telemetry implements TelemetrySink {
  private readonly sinks = new Set<TelemetrySink>();

  /** Adds a sink; returns the unsubscribe. */
  subscribe(sink: TelemetrySink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  walked(sample: WalkSample): void {
    for (const sink of this.sinks) sink.walked(sample);
  }

  importStarted(kind: ImportKind): ImportWatch {
    const watches = [...this.sinks].map((sink) => sink.importStarted(kind));
    let done = false;
    return {
      progress: (phase, count, total) => {
        for (const w of watches) w.progress(phase, count, total);
      },
      retried: () => {
        for (const w of watches) w.retried();
      },
      finished: (outcome, written) => {
        // an import ends once: a second call changes nothing
        if (done) return;
        done = true;
        for (const w of watches) w.finished(outcome, written);
      },
    };
  }
}

const NOTHING: Readonly<Record<ImportPhase, number>> = { configurationItems: 0, relationships: 0 };

/**
 * Runs an import's `work` under a watch of `kind`: its outcome and what it committed (read from
 * its result once its transaction has committed), or `failed` when it throws.
 */
export async function watchImport<
  R extends {
    readonly applied: boolean;
    readonly dryRun: boolean;
    readonly errorCount: number;
    readonly configurationItems: { readonly created: number; readonly updated?: number };
    readonly relationships: { readonly created: number; readonly updated?: number };
  },
>(
  telemetry: TelemetrySink,
  kind: ImportKind,
  work: (watch: ImportWatch) => Promise<R>,
): Promise<R> {
  const watch = telemetry.importStarted(kind);
  let result: R;
  try {
    result = await work(watch);
  } catch (e) {
    watch.finished("failed", NOTHING);
    throw e;
  }
  const written = (c: { created: number; updated?: number }): number =>
    c.created + (c.updated ?? 0);
  watch.finished(
    result.applied ? "applied" : result.dryRun && result.errorCount === 0 ? "dry_run" : "refused",
    result.applied
      ? {
          configurationItems: written(result.configurationItems),
          relationships: written(result.relationships),
        }
      : NOTHING,
  );
  return result;
}
