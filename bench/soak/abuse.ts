// The soak's abuse round: malformed requests, oversized values and injection strings against a
// running graph-cmdb, each answer checked for what must never happen: an internal error (HTTP 5xx
// or INTERNAL_SERVER_ERROR), an answer that is not JSON (an HTML error page), a stack trace or a
// server path, a message from the inside (driver, Neo4j, Java, JavaScript runtime errors), and a
// partial write (a refused request that created a CI, an import refused with some of it written,
// a CI changed by a request that named it only as data). Sequential: it measures correctness, not
// speed.
import http from "node:http";
import { performance } from "node:perf_hooks";
import { projectRoot } from "../../src/config/project-root.js";

export interface AbuseTarget {
  readonly url: string;
  readonly token: string;
}

export interface AbuseResult {
  readonly requests: number;
  /** Requests by kind: HTTP-level malformed, oversized values, injection strings. */
  readonly byKind: Record<AbuseKind, number>;
  /** Answers by HTTP status and first error code (e.g. "400 BAD_REQUEST", "200 VALIDATION", "200 ok"). */
  readonly answers: Record<string, number>;
  readonly internalErrors: number;
  readonly notJson: number;
  readonly stackTraces: number;
  readonly internalMessages: number;
  readonly partialWrites: number;
  /** Injection strings stored as plain data (a name) and read back unchanged. */
  readonly storedVerbatim: number;
  /** Requests sent again on a fresh connection after the first got no answer at all. */
  readonly retriedAfterNoAnswer: number;
  /** The first few violations, each named by its case. */
  readonly violations: string[];
  readonly seconds: number;
}

type AbuseKind = "malformed" | "oversized" | "injection";

interface Case {
  readonly name: string;
  readonly kind: AbuseKind;
  readonly body: string | Buffer;
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** CI keys this request must not have created when it was refused. */
  readonly mustNotCreate?: readonly string[];
  /** Sent over its own connection (node:http), its answer read even if the upload breaks. */
  readonly raw?: boolean;
  /** A CI created with this name (when accepted) must read back with exactly this name. */
  readonly verbatimName?: { readonly key: string; readonly name: string };
}

/** What a stack trace or a server path looks like in an answer. */
const STACK = [
  /\n\s+at [^\n]*:\d+:\d+/,
  /\bat (?:async )?[\w.<>$]+ \([^)]*:\d+:\d+\)/,
  /node_modules/,
  /\.(?:ts|js|java):\d+/,
];
/** Messages from inside: the driver, Neo4j, Java, JavaScript runtime errors. */
const INTERNAL = [
  /Neo\.(?:Client|Transient|Database)Error/,
  /neo4j-driver|org\.neo4j|java\.\w+\./,
  /\b(?:TypeError|ReferenceError|RangeError|SyntaxError: Unexpected token)\b/,
  /Maximum call stack/,
  /Cannot read propert/,
  /is not a function/,
  /ECONNREFUSED|ECONNRESET|ServiceUnavailable|SessionExpired/,
  /Invalid input '.*': expected/,
];

/** Injection strings: Cypher, Lucene (full-text search), JSON, path and markup syntax. */
export const INJECTIONS: readonly string[] = [
  `' OR 1=1 //`,
  `" OR 1=1 //`,
  `x' }) MATCH (n) DETACH DELETE n //`,
  `x" }) MATCH (n) DETACH DELETE n //`,
  "x`) DETACH DELETE n //",
  `') RETURN 1 UNION MATCH (t:ApiToken) RETURN t.hash AS key //`,
  `x'}) SET n.name = 'pwned' //`,
  `$key`,
  `{key: 'x'}`,
  `CALL db.labels() YIELD label RETURN label`,
  `LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l`,
  `\\' ; MATCH (n) RETURN n`,
  `*`,
  `?`,
  `~`,
  `"`,
  `\\`,
  `AND OR NOT`,
  `name:foo^10`,
  `a AND (b`,
  `/.*/`,
  `[* TO *]`,
  `key:*`,
  `%00%27`,
  `\u2028\u2029`,
  "${7*7}{{7*7}}",
  `<script>alert(1)</script>`,
  `../../../../etc/passwd`,
  `__proto__`,
  `constructor.prototype`,
];

const CREATE = `mutation AbuseCreate($i: CreateConfigurationItemInput!) { createConfigurationItem(input: $i) { configurationItem { key name revision } } }`;
const UPDATE = `mutation AbuseUpdate($i: UpdateConfigurationItemInput!) { updateConfigurationItem(input: $i) { configurationItem { key revision } } }`;
const READ = `query AbuseRead($key: String!) { configurationItem(ref: { key: $key }) { key name revision attributes } }`;
const LIST = `query AbuseList($first: Int!, $after: String, $filter: ConfigurationItemFilter) { configurationItems(first: $first, after: $after, filter: $filter) { totalCount nodes { key } } }`;
const IMPACT = `query AbuseImpact($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) { truncated counts { down degraded atRisk } } }`;
const RELATE = `mutation AbuseRelate($i: CreateRelationshipInput!) { createRelationship(input: $i) { __typename } }`;
const IMPORT = `mutation AbuseImport($i: ImportConfigurationInput!) { importConfiguration(input: $i) { report { applied errorCount } } }`;

const gqlBody = (query: string, variables: Record<string, unknown>): string =>
  JSON.stringify({ query, variables });

/** The cases, with keys unique to this run (`run`), around the canary CI `canary`. */
function cases(run: string, canary: string): Case[] {
  let n = 0;
  const key = (): string => `abuse-${run}-${String(n++)}`;
  const create = (name: string, kind: AbuseKind, i: Record<string, unknown>): Case => {
    const k = key();
    return {
      name,
      kind,
      body: gqlBody(CREATE, { i: { key: k, name: "Abuse", type: "Application", ...i } }),
      mustNotCreate: [k],
    };
  };
  const out: Case[] = [];

  // HTTP-level: bodies the server cannot read, documents it cannot run, requests it must refuse
  const json = { "content-type": "application/json" };
  out.push(
    { name: "bad JSON", kind: "malformed", body: "{ not json" },
    { name: "null body", kind: "malformed", body: "null" },
    { name: "array body", kind: "malformed", body: "[]" },
    { name: "string body", kind: "malformed", body: '"query"' },
    { name: "empty body", kind: "malformed", body: "" },
    {
      name: "invalid UTF-8",
      kind: "malformed",
      body: Buffer.concat([
        Buffer.from('{"query":"{ me { user } }","x":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('"}'),
      ]),
    },
    {
      name: "unknown charset",
      kind: "malformed",
      body: '{"query":"{ me { user } }"}',
      headers: { "content-type": "application/json; charset=latin-7" },
    },
    {
      name: "text/plain",
      kind: "malformed",
      body: '{"query":"{ me { user } }"}',
      headers: { "content-type": "text/plain" },
    },
    { name: "query not a string", kind: "malformed", body: '{"query":42}' },
    {
      name: "variables not an object",
      kind: "malformed",
      body: '{"query":"{ me { user } }","variables":"x"}',
    },
    {
      name: "document does not parse",
      kind: "malformed",
      body: JSON.stringify({ query: "{ me { " }),
    },
    {
      name: "unknown field",
      kind: "malformed",
      body: JSON.stringify({ query: "{ noSuchField }" }),
    },
    {
      name: "too many tokens",
      kind: "malformed",
      body: JSON.stringify({
        query: `{ ${Array.from({ length: 4000 }, (_, i) => `a${String(i)}: __typename`).join(" ")} }`,
      }),
    },
    {
      name: "too deep a query",
      kind: "malformed",
      body: JSON.stringify({
        query: `{ configurationItems(first: 1) { nodes { ${"relationships { nodes { to { ".repeat(20)}key${" } } }".repeat(20)} } } }`,
      }),
    },
    {
      name: "operation name not in the document",
      kind: "malformed",
      body: JSON.stringify({ query: "query A { me { user } }", operationName: "B" }),
    },
    {
      name: "a mutation over GET",
      kind: "malformed",
      method: "GET",
      path: `/graphql?query=${encodeURIComponent(`mutation { createConfigurationItem(input: { key: "${key()}", name: "x", type: "Application" }) { __typename } }`)}`,
      body: "",
    },
    {
      name: "no token",
      kind: "malformed",
      body: JSON.stringify({ query: "{ me { user } }" }),
      headers: { ...json, authorization: "" },
    },
    {
      name: "a wrong token",
      kind: "malformed",
      body: JSON.stringify({ query: "{ me { user } }" }),
      headers: { ...json, authorization: "Bearer not-a-token-of-this-cmdb-at-all" },
    },
    { name: "unknown path", kind: "malformed", path: "/nothing/here", method: "GET", body: "" },
    {
      name: "huge number",
      kind: "malformed",
      body: `{"query":${JSON.stringify(LIST)},"variables":{"first":1e400}}`,
    },
    create("criticality not an Int", "malformed", { criticality: "high" }),
    create("criticality out of range", "malformed", { criticality: 1e12 }),
    create("unknown lifecycle", "malformed", { lifecycle: "BOGUS" }),
    create("unknown type", "malformed", { type: "NoSuchType" }),
    create("empty name", "malformed", { name: "" }),
    create("NUL in name", "malformed", { name: "Orders\u0000DB" }),
    create("BEL in name", "malformed", { name: "Orders\u0007DB" }),
    create("bidi override in name", "malformed", { name: "Orders \u202EBD" }),
    create("attributes not an object", "malformed", { attributes: [1, 2, 3] }),
    {
      name: "an empty key",
      kind: "malformed",
      body: gqlBody(CREATE, { i: { key: "", name: "x", type: "Application" } }),
    },
    {
      name: "a key with spaces",
      kind: "malformed",
      body: gqlBody(CREATE, { i: { key: `abuse ${run} spaced`, name: "x", type: "Application" } }),
      mustNotCreate: [`abuse ${run} spaced`],
    },
    {
      name: "an update at a negative revision",
      kind: "malformed",
      body: gqlBody(UPDATE, { i: { ci: { key: canary }, revision: -1, changes: { name: "x" } } }),
    },
    {
      name: "an update at a revision past 2^31",
      kind: "malformed",
      body: gqlBody(UPDATE, {
        i: { ci: { key: canary }, revision: 2 ** 40, changes: { name: "x" } },
      }),
    },
    {
      name: "an update at a stale revision",
      kind: "malformed",
      body: gqlBody(UPDATE, {
        i: { ci: { key: canary }, revision: 99_999, changes: { name: "x" } },
      }),
    },
    {
      name: "a page of -1",
      kind: "malformed",
      body: gqlBody(LIST, { first: -1 }),
    },
    {
      name: "a page of 10 million",
      kind: "malformed",
      body: gqlBody(LIST, { first: 10_000_000 }),
    },
    {
      name: "impact at depth -1",
      kind: "malformed",
      body: gqlBody(IMPACT, { input: { ciKeys: [canary], maxDepth: -1 } }),
    },
    {
      name: "impact at depth 100000",
      kind: "malformed",
      body: gqlBody(IMPACT, { input: { ciKeys: [canary], maxDepth: 100_000 } }),
    },
    {
      name: "impact of no CI",
      kind: "malformed",
      body: gqlBody(IMPACT, { input: { ciKeys: [] } }),
    },
  );
  {
    // all or nothing: one good entry and one broken one, nothing written
    const good = key();
    const bad = key();
    out.push({
      name: "an import with one broken entry",
      kind: "malformed",
      body: gqlBody(IMPORT, {
        i: {
          document: {
            configurationItems: [
              { key: good, name: "Good", type: "Application" },
              { key: bad, name: "Bad", type: "NoSuchType" },
            ],
          },
        },
      }),
      mustNotCreate: [good, bad],
    });
    const lone = key();
    out.push({
      name: "an import relating a CI to one that does not exist",
      kind: "malformed",
      body: gqlBody(IMPORT, {
        i: {
          document: {
            configurationItems: [{ key: lone, name: "Lone", type: "Application" }],
            relationships: [{ from: lone, to: `no-such-${run}`, type: "DEPENDS_ON" }],
          },
        },
      }),
      mustNotCreate: [lone],
    });
  }

  // oversized values
  const deep = key();
  out.push(
    {
      // written by hand: JSON.stringify itself overflows the stack on an object this deep
      name: "attributes nested 5,000 deep",
      kind: "oversized",
      body: `{"query":${JSON.stringify(CREATE)},"variables":{"i":{"key":"${deep}","name":"Deep","type":"Application","attributes":${'{"d":'.repeat(5000)}1${"}".repeat(5000)}}}}`,
      mustNotCreate: [deep],
    },
    create("a 1 MB key", "oversized", { key: `k${"x".repeat(1_000_000)}` }),
    create("a 1 MB name", "oversized", { name: "n".repeat(1_000_000) }),
    create("a 1 MB owner", "oversized", { owner: "o".repeat(1_000_000) }),
    create("an attribute value of 8 MB", "oversized", {
      attributes: { blob: "b".repeat(8_000_000) },
    }),
    create("100,000 attributes", "oversized", {
      attributes: Object.fromEntries(
        Array.from({ length: 100_000 }, (_, i) => [`a${String(i)}`, i]),
      ),
    }),
    create("an attribute key of 100 kB", "oversized", { attributes: { ["k".repeat(100_000)]: 1 } }),
    {
      name: "a 1 MB search",
      kind: "oversized",
      body: gqlBody(LIST, { first: 5, filter: { search: "s".repeat(1_000_000) } }),
    },
    {
      name: "a search as long as a key may be (200 characters)",
      kind: "oversized",
      body: gqlBody(LIST, { first: 5, filter: { search: "s".repeat(200) } }),
    },
    {
      name: "impact of 100,000 keys",
      kind: "oversized",
      body: gqlBody(IMPACT, {
        input: { ciKeys: Array.from({ length: 100_000 }, (_, i) => `k${String(i)}`), maxDepth: 2 },
      }),
    },
    {
      name: "an import of one CI with a 1 MB name",
      kind: "oversized",
      body: gqlBody(IMPORT, {
        i: {
          document: {
            configurationItems: [{ key: key(), name: "n".repeat(1_000_000), type: "Application" }],
          },
        },
      }),
    },
    {
      name: "a body over the request limit (65 MB)",
      kind: "oversized",
      // the server answers 413 and closes while the body is still on its way: fetch reports only
      // the broken upload, so this one goes over a connection of its own that reads the answer
      raw: true,
      body: JSON.stringify({ query: "{ me { user } }", pad: "x".repeat(65 * 1024 * 1024) }),
    },
  );

  // injection strings in every place a string goes
  for (const inj of INJECTIONS) {
    out.push(
      { name: `read by key ${inj}`, kind: "injection", body: gqlBody(READ, { key: inj }) },
      {
        name: `search ${inj}`,
        kind: "injection",
        body: gqlBody(LIST, { first: 5, filter: { search: inj } }),
      },
      {
        name: `owner ${inj}`,
        kind: "injection",
        body: gqlBody(LIST, { first: 5, filter: { owner: inj } }),
      },
      {
        name: `type ${inj}`,
        kind: "injection",
        body: gqlBody(LIST, { first: 5, filter: { type: inj } }),
      },
      {
        name: `environment ${inj}`,
        kind: "injection",
        body: gqlBody(LIST, { first: 5, filter: { environment: inj } }),
      },
      { name: `cursor ${inj}`, kind: "injection", body: gqlBody(LIST, { first: 5, after: inj }) },
      {
        name: `cursor of ${inj}`,
        kind: "injection",
        body: gqlBody(LIST, {
          first: 5,
          after: Buffer.from(JSON.stringify(["configurationItems", inj])).toString("base64url"),
        }),
      },
      {
        name: `impact of ${inj}`,
        kind: "injection",
        body: gqlBody(IMPACT, { input: { ciKeys: [inj], maxDepth: 3 } }),
      },
      {
        name: `impact along ${inj}`,
        kind: "injection",
        body: gqlBody(IMPACT, {
          input: { ciKeys: [canary], maxDepth: 3, relationshipTypes: [inj], ciTypes: [inj] },
        }),
      },
      {
        name: `create keyed ${inj}`,
        kind: "injection",
        body: gqlBody(CREATE, { i: { key: inj, name: "x", type: "Application" } }),
        mustNotCreate: [inj],
      },
      create(`create typed ${inj}`, "injection", { type: inj }),
      create(`create with attribute ${inj}`, "injection", { attributes: { [inj]: inj } }),
      {
        name: `relate to ${inj}`,
        kind: "injection",
        body: gqlBody(RELATE, {
          i: { from: { key: canary }, to: { key: inj }, type: inj, reason: inj },
        }),
      },
      {
        name: `update named by ${inj}`,
        kind: "injection",
        body: gqlBody(UPDATE, { i: { ci: { key: inj }, revision: 1, changes: { name: inj } } }),
      },
    );
    // as plain data a string is just a name: stored and read back as it was sent
    const k = key();
    out.push({
      name: `create named ${inj}`,
      kind: "injection",
      body: gqlBody(CREATE, { i: { key: k, name: `n ${inj}`, type: "Application", reason: inj } }),
      // (names are trimmed: a string of spaces and line separators is stored as "n")
      verbatimName: { key: k, name: `n ${inj}`.trim() },
    });
  }
  return out;
}

interface GqlBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: { readonly extensions?: { readonly code?: string } }[];
}

interface Answer {
  readonly status: number;
  readonly text: string;
  /** Why no answer came (status 0). */
  readonly noAnswer?: string;
}

async function send(t: AbuseTarget, c: Case): Promise<Answer> {
  if (c.raw) return sendRaw(t, c);
  const once = async (): Promise<Answer> => {
    try {
      const res = await fetch(`${t.url}${c.path ?? "/graphql"}`, {
        method: c.method ?? "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${t.token}`,
          ...c.headers,
        },
        ...(c.method === "GET" ? {} : { body: c.body }),
        signal: AbortSignal.timeout(120_000),
      });
      return { status: res.status, text: await res.text() };
    } catch (e) {
      return { status: 0, text: "", noAnswer: (e as Error).message };
    }
  };
  const first = await once();
  if (first.status !== 0) return first;
  // once more on a fresh connection: a pooled one the server had closed is not an answer
  noAnswerRetries += 1;
  await new Promise((r) => setTimeout(r, 500));
  return once();
}

let noAnswerRetries = 0;

function sendRaw(t: AbuseTarget, c: Case): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(`${t.url}${c.path ?? "/graphql"}`, {
      method: c.method ?? "POST",
      agent: false,
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${t.token}`,
        ...c.headers,
      },
      timeout: 120_000,
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      res.on("error", (e) => resolve({ status: res.statusCode ?? 0, text, noAnswer: e.message }));
    });
    // the upload breaking after the answer came is expected; without an answer it is not
    req.on("error", (e) =>
      setTimeout(() => resolve({ status: 0, text: "", noAnswer: e.message }), 2_000),
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.end(c.body);
  });
}

async function gql(
  t: AbuseTarget,
  query: string,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown> | null> {
  const a = await send(t, { name: "check", kind: "malformed", body: gqlBody(query, variables) });
  const body = JSON.parse(a.text) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`check failed: ${a.text.slice(0, 300)}`);
  return body.data ?? null;
}

interface Ci {
  readonly key: string;
  readonly name: string;
  readonly revision: number;
  readonly attributes: unknown;
}

const readCi = async (t: AbuseTarget, key: string): Promise<Ci | null> =>
  ((await gql(t, READ, { key }))?.configurationItem as Ci | null) ?? null;

const countCis = async (t: AbuseTarget): Promise<number> =>
  ((await gql(t, LIST, { first: 1 }))?.configurationItems as { totalCount: number }).totalCount;

/** Runs every case once and checks the answers and the store. */
export async function abuse(t: AbuseTarget, run: string): Promise<AbuseResult> {
  const started = performance.now();
  noAnswerRetries = 0;
  const canary = `abuse-${run}-canary`;
  await gql(t, CREATE, {
    i: { key: canary, name: "Canary", type: "Application", attributes: { kept: true } },
  });
  const canaryBefore = await readCi(t, canary);
  const countBefore = await countCis(t);
  const root = projectRoot();
  const violations: string[] = [];
  const answers: Record<string, number> = {};
  const byKind: Record<AbuseKind, number> = { malformed: 0, oversized: 0, injection: 0 };
  let internalErrors = 0;
  let notJson = 0;
  let stackTraces = 0;
  let internalMessages = 0;
  let partialWrites = 0;
  let storedVerbatim = 0;
  let created = 0;
  const violation = (c: Case, what: string, a?: Answer): void => {
    if (violations.length < 20)
      violations.push(`${c.name.slice(0, 80)}: ${what}${a ? ` (${a.text.slice(0, 200)})` : ""}`);
  };
  const all = cases(run, canary);
  for (const c of all) {
    byKind[c.kind] += 1;
    // a kept store may hold a key an earlier run created (an injection string is a valid key):
    // only a CI that appears with a refused request is a partial write
    const existed = new Set<string>();
    for (const k of c.mustNotCreate ?? []) if ((await readCi(t, k)) !== null) existed.add(k);
    const a = await send(t, c);
    let body: GqlBody | null = null;
    try {
      body = JSON.parse(a.text) as GqlBody | null;
    } catch {
      // an empty 4xx answer is fine only without a body to show
      if (a.text.length > 0) {
        notJson += 1;
        violation(c, `HTTP ${String(a.status)}, not JSON`, a);
      }
    }
    const code = body?.errors?.[0]?.extensions?.code ?? (a.status < 300 ? "ok" : "");
    const outcome = `${String(a.status)} ${code}`.trim();
    answers[outcome] = (answers[outcome] ?? 0) + 1;
    if (
      a.status >= 500 ||
      a.status === 0 ||
      code === "INTERNAL" ||
      code === "INTERNAL_SERVER_ERROR"
    ) {
      internalErrors += 1;
      violation(c, `internal error ${outcome}`, a);
    }
    if (STACK.some((re) => re.test(a.text)) || a.text.includes(root)) {
      stackTraces += 1;
      violation(c, "stack trace or server path", a);
    }
    if (INTERNAL.some((re) => re.test(a.text))) {
      internalMessages += 1;
      violation(c, "internal message", a);
    }
    const refused =
      !body || (body.errors?.length ?? 0) > 0 || a.status >= 400 || importRefused(body);
    for (const k of refused ? (c.mustNotCreate ?? []) : []) {
      if (!existed.has(k) && (await readCi(t, k)) !== null) {
        partialWrites += 1;
        violation(c, `refused, yet ${k.slice(0, 60)} exists`);
      }
    }
    if (!refused && c.mustNotCreate) created += c.mustNotCreate.length;
    if (c.verbatimName && !refused) {
      created += 1;
      const ci = await readCi(t, c.verbatimName.key);
      if (ci?.name === c.verbatimName.name) storedVerbatim += 1;
      else violation(c, `stored as ${JSON.stringify(ci?.name ?? null).slice(0, 80)}`);
    }
  }
  // nothing else moved: the canary is as it was, and the CIs are those before plus those accepted
  const canaryAfter = await readCi(t, canary);
  if (JSON.stringify(canaryAfter) !== JSON.stringify(canaryBefore)) {
    partialWrites += 1;
    violations.push(
      `the canary changed: ${JSON.stringify(canaryBefore)} → ${JSON.stringify(canaryAfter)}`,
    );
  }
  const countAfter = await countCis(t);
  if (countAfter !== countBefore + created) {
    partialWrites += 1;
    violations.push(
      `CIs ${String(countBefore)} + ${String(created)} accepted ≠ ${String(countAfter)} after`,
    );
  }
  return {
    requests: all.length,
    byKind,
    answers,
    internalErrors,
    notJson,
    stackTraces,
    internalMessages,
    partialWrites,
    storedVerbatim,
    retriedAfterNoAnswer: noAnswerRetries,
    violations,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

function importRefused(body: GqlBody | null): boolean {
  const report = (body?.data?.importConfiguration as { report?: { applied: boolean } } | undefined)
    ?.report;
  return report ? !report.applied : false;
}
