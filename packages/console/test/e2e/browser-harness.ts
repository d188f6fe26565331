import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';
import { expect } from 'vitest';
import { startNode, type TestNode } from '../../../server/test/harness.ts';

// End to end: the real console, built as `npm install` builds it, served by a real node, driven in
// Debian's headless Chromium. Without Chromium a suite is skipped (and says so), never passed.
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SHOTS = path.join(ROOT, 'test-artifacts/console');

if (!HAVE_CHROMIUM) {
  process.stderr.write(`\n[console e2e] SKIPPED: no Chromium at ${CHROMIUM} (install it: apt-get install -y chromium, or set VIGIL_CHROMIUM)\n\n`);
}

/** A page that remembers the script errors it saw: every test ends by expecting none. */
export type E2ePage = Page & { errors: string[] };

/** A node with the demo seed, Chromium, and the console built from its current sources. */
export interface Console {
  node: TestNode;
  browser: Browser;
  /** A fresh browser context (cookies, storage) in this locale. */
  newPage(locale?: string): Promise<E2ePage>;
  /** A full-page screenshot under test-artifacts/console/<name>.png. */
  shot(page: Page, name: string): Promise<void>;
  /** The demo password of a seeded user. */
  password(username: string): string;
  /** Fills the sign-in form (already open) and waits for the shell. */
  signIn(page: Page, username: string): Promise<void>;
  /** Opens `pathname`, signs in on the way if asked, and waits for the shell. */
  open(page: Page, pathname: string, username?: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts everything an end-to-end suite needs; call it in `beforeAll` (allow it four minutes). */
export async function startConsole(): Promise<Console> {
  // Rebuilds only when the console's sources changed since the last build (usually: not at all).
  const build = spawnSync(process.execPath, ['scripts/build-console.mjs'], { cwd: ROOT, encoding: 'utf8' });
  expect(build.status, `console build failed:\n${build.stdout}\n${build.stderr}`).toBe(0);
  mkdirSync(SHOTS, { recursive: true });
  const [node, browser] = await Promise.all([startNode(), chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] })]);
  const contexts: BrowserContext[] = [];
  const password = (name: string) => node.creds.users.find((u) => u.username === name)!.password;
  const signIn = async (page: Page, username: string) => {
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password(username));
    await page.getByTestId('login-submit').click();
    await page.getByTestId('app-shell').waitFor();
  };
  return {
    node,
    browser,
    password,
    signIn,
    async newPage(locale = 'en-US') {
      const context = await browser.newContext({ locale, viewport: { width: 1366, height: 820 } });
      contexts.push(context);
      const page = (await context.newPage()) as E2ePage;
      // Generous: two suites may share a busy two-core machine with the rest of the tests.
      page.setDefaultTimeout(30_000);
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(e.message));
      return page;
    },
    async shot(page, name) {
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    },
    async open(page, pathname, username) {
      await page.goto(`${node.baseUrl}${pathname}`);
      if (username) {
        await page.getByTestId('login-form').waitFor();
        await signIn(page, username);
      } else await page.getByTestId('app-shell').waitFor();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await node.destroy();
    },
  };
}

/**
 * Picks an option of an antd Select and makes sure the choice took: on a loaded machine a click
 * can land while the list is still opening (or already closing) and choose nothing. Opens the
 * list, clicks the option, then waits for `chosen` (something the choice makes appear); when it
 * does not, closes the list and tries again, at most `tries` times.
 */
export async function chooseOption(page: Page, select: Locator, option: Locator, chosen: (timeout: number) => Promise<unknown>, tries = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await select.click();
    await option.first().click();
    try {
      await chosen(attempt < tries ? 5_000 : 30_000);
      return;
    } catch (e) {
      if (attempt >= tries) throw e;
      await page.keyboard.press('Escape').catch(() => undefined);
    }
  }
}

/**
 * Clicks a button that must send one request and makes sure it did: on a loaded machine a click
 * can land while a dialog is still animating open and do nothing. `prepare` fills what the form
 * needs before each try; a try whose click sent nothing within a few seconds is repeated (at most
 * `tries` times). A sent request is never repeated: its response is awaited and returned.
 */
export async function clickForResponse(page: Page, button: Locator, matches: (url: string) => boolean, prepare?: () => Promise<void>, tries = 3): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    if (prepare) await prepare();
    const sent = page.waitForRequest((r) => matches(r.url()), { timeout: attempt < tries ? 8_000 : 30_000 });
    await button.click();
    let request;
    try {
      request = await sent;
    } catch (e) {
      if (attempt >= tries) throw e;
      continue;
    }
    const response = await request.response();
    if (!response) throw new Error(`no response to ${request.method()} ${request.url()}`);
    return response;
  }
}
