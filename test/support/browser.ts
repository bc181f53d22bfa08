import { execFileSync, execSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { projectRoot } from "../../src/config/project-root.js";

/** Debian's chromium (never a downloaded browser); null when this machine has none. */
export function systemChromium(): string | null {
  try {
    const found = execSync("command -v chromium || command -v chromium-browser", {
      encoding: "utf8",
      shell: "/bin/sh",
    }).trim();
    return found || null;
  } catch {
    return null;
  }
}

export const SCREENSHOTS = path.join(projectRoot(), "test-results", "screenshots");

/**
 * Compiles the web page and bundles its GraphQL explorer, as `npm run build` does (the tests run
 * the server from source; the page is served compiled).
 */
export function buildWebPage(): void {
  execFileSync(
    process.execPath,
    [
      path.join(projectRoot(), "node_modules", "typescript", "bin", "tsc"),
      "-p",
      "web/tsconfig.json",
    ],
    {
      cwd: projectRoot(),
      stdio: "inherit",
    },
  );
  execFileSync(
    process.execPath,
    ["--import", "@swc-node/register/esm-register", "scripts/bundle-explorer.ts"],
    { cwd: projectRoot(), stdio: "inherit" },
  );
}

export async function launch(executablePath: string): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
  });
}

/** A page that records every console error and uncaught exception, for the test to assert on. */
export async function watchedPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  return { page, problems };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * The screenshots the documentation shows (docs/screenshots/) are rewritten only when asked:
 * `npm run screenshots` (GRAPH_CMDB_UPDATE_SCREENSHOTS=1). A plain test run keeps its
 * screenshots in test-results/screenshots/ and leaves the tracked ones as they are.
 */
export const UPDATE_DOC_SCREENSHOTS = process.env.GRAPH_CMDB_UPDATE_SCREENSHOTS === "1";

function keepInDocs(name: string): void {
  if (!UPDATE_DOC_SCREENSHOTS) return;
  const docs = path.join(projectRoot(), "docs", "screenshots");
  mkdirSync(docs, { recursive: true });
  copyFileSync(path.join(SCREENSHOTS, `${name}.png`), path.join(docs, `${name}.png`));
}

/** A screenshot of the whole page, which the documentation shows too. */
export async function keep(page: Page, name: string): Promise<void> {
  await shot(page, name);
  keepInDocs(name);
}

/** A screenshot of one part of the page, which the documentation shows too. */
export async function keepPart(part: Locator, name: string): Promise<void> {
  await part.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  keepInDocs(name);
}
