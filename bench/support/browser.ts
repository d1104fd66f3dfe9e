import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the background chatter (updates, sync) off so it does not skew frames. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export type UiPage = {
  page: Page;
  /** Page crashes and console errors seen so far: the evidence when the UI misbehaves under load. */
  problems: string[];
  crashed(): boolean;
  close(): Promise<void>;
};

/**
 * A fresh context per scenario (nothing shared between them), en-US so the counters the bench
 * parses are formatted "12,345".
 */
export async function openUi(browser: Browser, url: string): Promise<UiPage> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  let crashed = false;
  page.on('crash', () => {
    crashed = true;
    problems.push('page crashed');
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text().slice(0, 300)}`);
  });
  await page.goto(url);
  return {
    page,
    problems,
    crashed: () => crashed,
    close: async () => {
      // A wedged renderer may not close politely; the browser is closed at the end anyway.
      await Promise.race([context.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    },
  };
}

/**
 * Adds a connection to `port` the way a user does (New connection, Name/Host/Port, Save),
 * connects it and subscribes to `filter`.
 */
export async function connectAndSubscribe(page: Page, options: { name: string; port: number; filter: string }): Promise<void> {
  await page.getByRole('button', { name: 'New connection' }).click();
  await page.getByLabel('Name', { exact: true }).fill(options.name);
  await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(options.port));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  // Saving selects the new connection, so its header (and its Connect button) is what shows.
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('status', { name: 'Connection state' }).filter({ hasText: /^Connected$/ }).waitFor();
  await page.getByLabel('Topic filter').fill(options.filter);
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await page.getByRole('list', { name: 'Active subscriptions' }).getByText(options.filter, { exact: true }).waitFor();
}
