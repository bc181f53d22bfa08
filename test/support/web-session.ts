import type { Browser, Page } from "playwright-core";
import { watchedPage } from "./browser.js";

/**
 * A fresh browser page signed in with `token` at `url` (a hash route of the served page), once
 * the route's heading shows; `problems` collects console errors, page errors, failed requests.
 */
export async function signedInPage(
  browser: Browser,
  url: string,
  token: string,
): Promise<{ page: Page; problems: string[] }> {
  const watched = await watchedPage(browser);
  await watched.page.goto(url);
  await watched.page.getByLabel("API token").fill(token);
  await watched.page.getByRole("button", { name: "Sign in" }).click();
  await watched.page.locator("main h1").first().waitFor();
  await watched.page.locator("main h1", { hasNotText: "Loading…" }).first().waitFor();
  return watched;
}
