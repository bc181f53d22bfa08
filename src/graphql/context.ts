import type { Application } from "../application/application.js";
import type { Actor } from "../domain/actor.js";
import type { DbScope } from "../neo4j/database.js";
import { createLoaders, type Loaders } from "./loaders.js";

/** What every resolver sees: the core, the caller, and this request's scope and loaders. */
export interface GraphqlContext {
  readonly app: Application;
  readonly actor: Actor;
  readonly scope: DbScope;
  readonly loaders: Loaders;
}

export function createContext(app: Application, actor: Actor, scope: DbScope): GraphqlContext {
  return { app, actor, scope, loaders: createLoaders(app, scope, actor) };
}
