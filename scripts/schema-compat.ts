// Compares a schema with the last released one: what would break a client built on the release.
import { copyFile, mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { CriticalityLevel, DiffRule, diff, type Change } from "@graphql-inspector/core";
import { buildSchema } from "graphql";

export interface SchemaComparison {
  /** Changes a client of the release would break on (removed fields, changed types …). */
  readonly breaking: readonly Change[];
  /** Changes that may change a client's behaviour (a deprecated field removed, a value added …). */
  readonly dangerous: readonly Change[];
  readonly safe: readonly Change[];
}

/**
 * Breaking changes of `current` against `released`. Removing a field, input field or enum value
 * that the release already marked `@deprecated` is allowed (dangerous, not breaking): that is the
 * path to remove anything.
 */
export async function compareSchemas(released: string, current: string): Promise<SchemaComparison> {
  const changes = await diff(buildSchema(released), buildSchema(current), [
    DiffRule.suppressRemovalOfDeprecatedField,
  ]);
  const at = (level: CriticalityLevel): Change[] =>
    changes.filter((c) => c.criticality.level === level);
  return {
    breaking: at(CriticalityLevel.Breaking),
    dangerous: at(CriticalityLevel.Dangerous),
    safe: at(CriticalityLevel.NonBreaking),
  };
}

/** `1.10.0` after `1.9.3`: release files are named after their semantic version. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] => v.split(/[.-]/).slice(0, 3).map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const RELEASE_FILE = /^(\d+\.\d+\.\d+)\.graphql$/;

/** The newest released schema in `dir` (`<version>.graphql`), or null when none was released. */
export async function lastRelease(dir: string): Promise<{ version: string; file: string } | null> {
  const versions = (await readdir(dir).catch(() => []))
    .map((f) => RELEASE_FILE.exec(f)?.[1])
    .filter((v): v is string => v !== undefined)
    .sort(compareVersions);
  const version = versions.at(-1);
  return version ? { version, file: path.join(dir, `${version}.graphql`) } : null;
}

/** One line a change: where, and what. */
export function describeChange(change: Change): string {
  return `${change.path ?? "(schema)"}: ${change.message}`;
}

export interface CompatOptions {
  /** The schema to check (schema.graphql). */
  readonly schema: string;
  /** The folder of released schemas, `<version>.graphql` each. */
  readonly releases: string;
  /** Also record `schema` as the release of package.json's version. */
  readonly release: boolean;
  readonly packageJson: string;
  /** CHANGELOG.md: a new major version's breaking changes must be named in its Unreleased part. */
  readonly changelog: string;
}

/** The text of the changelog's `## [Unreleased]` section ("" when it has none). */
export function unreleasedSection(changelog: string): string {
  const start = changelog.search(/^## \[Unreleased\]/im);
  if (start < 0) return "";
  const rest = changelog.slice(start);
  const end = rest.slice(1).search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

const major = (version: string): number => Number(version.split(".")[0]);

/**
 * The check as a command: its exit code, 1 on a breaking change or a refused release. A breaking
 * change passes only in a new major version whose Unreleased changelog names its schema path
 * (e.g. `Rfc.assessment`): never silently.
 */
export async function checkSchemaCompat(
  opts: CompatOptions,
  io: { out: (line: string) => void; err: (line: string) => void },
): Promise<number> {
  const last = await lastRelease(opts.releases);
  const current = await readFile(opts.schema, "utf8");
  const { version } = JSON.parse(await readFile(opts.packageJson, "utf8")) as { version: string };
  if (last) {
    const { breaking, dangerous } = await compareSchemas(
      await readFile(last.file, "utf8"),
      current,
    );
    for (const c of dangerous) io.out(`dangerous  ${describeChange(c)}`);
    if (breaking.length > 0) {
      const newMajor = major(version) > major(last.version);
      const notes = newMajor
        ? unreleasedSection(await readFile(opts.changelog, "utf8").catch(() => ""))
        : "";
      const silent = breaking.filter((c) => !newMajor || !notes.includes(`\`${c.path ?? ""}\``));
      for (const c of breaking) {
        io.err(`${silent.includes(c) ? "BREAKING  " : "announced "} ${describeChange(c)}`);
      }
      if (silent.length > 0) {
        io.err(
          newMajor
            ? `${String(silent.length)} breaking change(s) of ${version} are not named in CHANGELOG.md's Unreleased section: name each path in backquotes with what replaces it.`
            : `${String(silent.length)} breaking change(s) against the released schema ${last.version}. ` +
                "Keep the old field, argument or value, mark it @deprecated(reason: …) naming its replacement, " +
                "and remove it only after a release has shipped it deprecated; or raise the major version and name each change in CHANGELOG.md.",
        );
        return 1;
      }
    }
    io.out(`${path.basename(opts.schema)} is compatible with the released schema ${last.version}`);
  } else {
    io.out(`no released schema in ${opts.releases}: nothing to compare with`);
  }
  if (!opts.release) return 0;
  if (last?.version === version) {
    io.err(`the schema of ${version} is released already: raise package.json's version first`);
    return 1;
  }
  await mkdir(opts.releases, { recursive: true });
  const target = path.join(opts.releases, `${version}.graphql`);
  await copyFile(opts.schema, target);
  io.out(`recorded ${target}`);
  return 0;
}
