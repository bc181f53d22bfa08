import { Command } from "commander";
import type { Application } from "../application/application.js";
import { MAX_USER_PAGE } from "../application/user/user.service.js";
import type { User } from "../domain/user/user.js";
import { allPages } from "./all-pages.js";
import { cliActor } from "./cli-actor.js";
import type { CliIo } from "./cli-io.js";

export function userCommand(
  withApp: <T>(work: (app: Application) => Promise<T>) => Promise<T>,
  io: CliIo,
): Command {
  const user = new Command("user").description(
    "create, list, deactivate and reactivate users (tokens are issued for users only)",
  );

  user
    .command("create")
    .description("create a user, once, with the roles their tokens may carry")
    .argument("<name>", "the user's name (kept in lower case)")
    .requiredOption(
      "--role <role>",
      "READER, EDITOR, REQUESTER, APPROVER or ADMIN (repeat for several)",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option("--display-name <text>", "a name to show")
    .option("--json", "print the user as JSON")
    .action(
      async (name: string, opts: { role: string[]; displayName?: string; json?: boolean }) => {
        const created = await withApp((app) =>
          app.users.create(app.db.scope(), cliActor(), {
            name,
            roles: opts.role,
            displayName: opts.displayName ?? null,
          }),
        );
        io.out(opts.json ? JSON.stringify(created, null, 2) : `created ${describe(created)}`);
      },
    );

  user
    .command("list")
    .description("list users by name")
    .option("--all", "include deactivated users")
    .option("--json", "print JSON")
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      const users = await withApp((app) =>
        allPages(
          (page) =>
            app.users.list(
              app.db.scope(),
              cliActor(),
              { includeDeactivated: opts.all ?? false },
              page,
            ),
          MAX_USER_PAGE,
        ),
      );
      if (opts.json) io.out(JSON.stringify(users, null, 2));
      else for (const u of users) io.out(describe(u));
    });

  for (const [verb, active] of [
    ["deactivate", false],
    ["reactivate", true],
  ] as const) {
    user
      .command(verb)
      .description(
        active
          ? "make a deactivated user active again (their unrevoked tokens work again)"
          : "deactivate a user: their tokens stop working at once",
      )
      .argument("<name>", "the user's name")
      .option("--json", "print the user as JSON")
      .action(async (name: string, opts: { json?: boolean }) => {
        const changed = await withApp((app) =>
          active
            ? app.users.reactivate(app.db.scope(), cliActor(), name)
            : app.users.deactivate(app.db.scope(), cliActor(), name),
        );
        io.out(opts.json ? JSON.stringify(changed, null, 2) : `${verb}d ${describe(changed)}`);
      });
  }

  return user;
}

function describe(u: User): string {
  const state = u.deactivatedAt ? `deactivated ${u.deactivatedAt.toISOString()}` : "active";
  return `${u.name}  ${u.roles.join(",")}  ${state}  ${u.displayName ?? ""}`.trimEnd();
}
