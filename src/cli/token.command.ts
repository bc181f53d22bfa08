import { Command } from "commander";
import type { Application } from "../application/application.js";
import type { ApiTokenInfo } from "../application/auth/api-token.js";
import { MAX_TOKEN_PAGE } from "../application/auth/api-token.service.js";
import { allPages } from "./all-pages.js";
import { cliActor } from "./cli-actor.js";
import type { CliIo } from "./cli-io.js";

export function tokenCommand(
  withApp: <T>(work: (app: Application) => Promise<T>) => Promise<T>,
  io: CliIo,
): Command {
  const token = new Command("token").description("issue, list and revoke API tokens");

  token
    .command("create")
    .description(
      "issue a token for an existing user (`user create`); its secret is printed once, on stdout. " +
        "While no active user may be ADMIN, an ADMIN token creates its user",
    )
    .requiredOption("--user <name>", "the user the token acts for")
    .requiredOption(
      "--role <role>",
      "READER, EDITOR, REQUESTER, APPROVER or ADMIN (repeat for several)",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option("--description <text>", "what the token is for")
    .option("--json", "print the token and its secret as JSON")
    .action(
      async (opts: { user: string; role: string[]; description?: string; json?: boolean }) => {
        const issued = await withApp((app) =>
          app.tokens.create(
            app.db.scope(),
            cliActor(),
            { user: opts.user, roles: opts.role, description: opts.description ?? null },
            // a CMDB's first ADMIN token, from here, creates its user: how an installation starts
            { bootstrapUser: true },
          ),
        );
        io.err(
          `Token ${issued.token.id} for ${issued.token.user} (${issued.token.roles.join(", ")}). ` +
            "Keep the secret below: it is not shown again.",
        );
        io.out(opts.json ? JSON.stringify(issued, null, 2) : issued.secret);
      },
    );

  token
    .command("list")
    .description("list tokens (never their secrets)")
    .option("--all", "include revoked tokens")
    .option("--json", "print JSON")
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      const tokens = await withApp((app) =>
        allPages(
          (page) =>
            app.tokens.list(
              app.db.scope(),
              cliActor(),
              { includeRevoked: opts.all ?? false },
              page,
            ),
          MAX_TOKEN_PAGE,
        ),
      );
      if (opts.json) io.out(JSON.stringify(tokens, null, 2));
      else for (const t of tokens) io.out(describe(t));
    });

  token
    .command("revoke")
    .description("revoke a token by id; it stops working at once")
    .argument("<id>", "the token id (from `token list`)")
    .option("--json", "print the revoked token as JSON")
    .action(async (id: string, opts: { json?: boolean }) => {
      const revoked = await withApp((app) => app.tokens.revoke(app.db.scope(), cliActor(), id));
      io.out(opts.json ? JSON.stringify(revoked, null, 2) : `revoked ${describe(revoked)}`);
    });

  return token;
}

function describe(t: ApiTokenInfo): string {
  const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active";
  return `${t.id}  ${t.user}  ${t.roles.join(",")}  ${state}  ${t.description ?? ""}`.trimEnd();
}
