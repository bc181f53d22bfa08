/** The product's own GraphQL API, with the token the page was signed in with. */
const TOKEN_KEY = "graph-cmdb-token";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
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
  errors?: { message: string; extensions?: { code?: string } }[];
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
  if (first) throw new ApiError(first.message, first.extensions?.code ?? "INTERNAL");
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
