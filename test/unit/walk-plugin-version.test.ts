import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { productVersion } from "../../src/config/product-version.js";
import { projectRoot } from "../../src/config/project-root.js";
import { walkPluginVersion } from "../../src/neo4j/embedded-neo4j.js";

const MODULES = path.join(projectRoot(), "neo4j-embedded");

describe("the walk plugin's version", () => {
  it("is the product's: package.json and the three poms say the same", async () => {
    expect(await walkPluginVersion(MODULES)).toBe(productVersion());
  });

  it("differing from package.json stops the build, naming the pom and its version", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-poms-"));
    try {
      for (const pom of ["pom.xml", "walk-plugin/pom.xml", "embedded/pom.xml"]) {
        await cp(path.join(MODULES, pom), path.join(dir, pom));
      }
      const pom = path.join(dir, "walk-plugin", "pom.xml");
      const text = await readFile(pom, "utf8");
      await writeFile(
        pom,
        text.replace(`<version>${productVersion()}</version>`, "<version>0.9.0</version>"),
      );
      await expect(walkPluginVersion(dir)).rejects.toThrow(
        `package.json: ${productVersion()}), but neo4j-embedded/walk-plugin/pom.xml says 0.9.0`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
