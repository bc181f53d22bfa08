/** The product's own GraphQL API, with the token the page was signed in with. */
const TOKEN_KEY = "graph-cmdb-token";

/** One problem of a refused write: the input field it names (`title`, `operations[0].updateCi.ci`). */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
  /** What the field belongs to when the server names it apart (`operations[1]: CI cache-9`). */
  readonly subject?: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** The fields the server named (VALIDATION): one, or one per problem. */
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** The fields a GraphQL error's extensions name, as the server's formatError sends them. */
function issuesOf(message: string, ext: Record<string, unknown> | undefined): FieldIssue[] {
  if (!ext) return [];
  const listed = Array.isArray(ext.issues) ? (ext.issues as Record<string, unknown>[]) : [];
  const out = listed.flatMap((i) =>
    typeof i.field === "string"
      ? [
          {
            field: i.field,
            message: typeof i.message === "string" ? i.message : message,
            ...(typeof i.subject === "string" ? { subject: i.subject } : {}),
          },
        ]
      : [],
  );
  if (out.length === 0 && typeof ext.field === "string") out.push({ field: ext.field, message });
  return out;
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signIn(secret: string): void {
  sessionStorage.setItem(TOKEN_KEY, secret.trim());
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

interface GraphqlBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const secret = token();
  const res = await fetch("/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphqlBody<T>;
  const first = body.errors?.[0];
  if (first) {
    throw new ApiError(
      first.message,
      first.extensions?.code ?? "INTERNAL",
      issuesOf(first.message, first.extensions),
    );
  }
  if (!body.data) throw new ApiError("the server answered nothing", "INTERNAL");
  return body.data;
}

export interface Me {
  readonly user: string;
  readonly roles: string[];
}

let me: Promise<Me> | null = null;

/** Who is signed in (asked once per sign-in). */
export function whoAmI(): Promise<Me> {
  me ??= gql<{ me: Me }>(`{ me { user roles } }`).then(
    (r) => r.me,
    (e: unknown) => {
      me = null;
      throw e;
    },
  );
  return me;
}

export function forgetMe(): void {
  me = null;
}

export function hasRole(who: Me, ...roles: string[]): boolean {
  return who.roles.includes("ADMIN") || roles.some((r) => who.roles.includes(r));
}
