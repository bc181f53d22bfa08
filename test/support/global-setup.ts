import type { TestProject } from "vitest/node";
import type { DatabaseTarget } from "../../src/neo4j/database.js";
import { claimForTests, startTestNeo4j } from "./neo4j-for-tests.js";

declare module "vitest" {
  export interface ProvidedContext {
    neo4j: DatabaseTarget;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const neo4j = await startTestNeo4j();
  try {
    await claimForTests(neo4j.target);
  } catch (e) {
    await neo4j.stop();
    throw e;
  }
  project.provide("neo4j", neo4j.target);
  return () => neo4j.stop();
}
