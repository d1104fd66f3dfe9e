import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { test, expect, startWorkbench, type RunningWorkbench } from './browserMode';

/** Another web server on this machine (a dev server, a router UI): it records what browsers send it. */
async function startBystander() {
  const seen: { url: string; headers: http.IncomingHttpHeaders }[] = [];
  const server = http.createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Bystander</title><p>Another local server</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // The browser keeps its connections open; they must not hold the test up.
      server.closeAllConnections();
    });
  return { origin, seen, close };
}

async function openUi(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
}

/** The UI can still talk to its own engine: connecting works and says so. */
async function connectAndDisconnect(page: Page) {
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
  await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).not.toHaveText('Connected');
}

/** An export link's request as the page makes it: 404 for an unknown connection means it got past the token. */
async function exportStatus(page: Page): Promise<number> {
  return page.evaluate(async () => (await fetch('export/messages?connection=none&format=csv')).status);
}

const tokenOf = (workbench: RunningWorkbench) => new URL(workbench.url).pathname.split('/')[2]!;

test('a page on another local port receives no QoScope credential', async ({ page, context, workbench }) => {
  const bystander = await startBystander();
  try {
    await openUi(page, workbench.url);
    await connectAndDisconnect(page);

    // The same browser visits the other server: typed in a new tab, fetched by that server's own page,
    // and navigated to from QoScope's page (where a Referer would come from).
    const other = await context.newPage();
    await other.goto(`${bystander.origin}/typed`);
    await other.evaluate(() => fetch('/fetched', { credentials: 'include' }));
    await page.evaluate((target) => void (location.href = target), `${bystander.origin}/navigated`);
    await page.waitForURL(`${bystander.origin}/navigated`);
    await expect(page.getByText('Another local server')).toBeVisible();

    expect(bystander.seen.map(({ url }) => url)).toEqual(expect.arrayContaining(['/typed', '/fetched', '/navigated']));
    const token = tokenOf(workbench);
    for (const { url, headers } of bystander.seen) {
      expect(headers.cookie, url).toBeUndefined();
      // Its own page may name itself as referrer; QoScope's page must not be named at all.
      if (headers.referer !== undefined) expect(new URL(headers.referer).origin, url).toBe(bystander.origin);
      expect(JSON.stringify({ url, headers })).not.toContain(token);
    }
  } finally {
    await bystander.close();
  }
});

test('two QoScope instances in one browser both stay usable, and neither gets the other\'s token', async ({ page, context, workbench }, testInfo) => {
  const second = await startWorkbench(['--data-dir', testInfo.outputPath('second-data')]);
  try {
    await openUi(page, workbench.url);
    const secondPage = await context.newPage();
    await openUi(secondPage, second.workbench.url);

    // Opening the second must not log the first out, and the other way round.
    expect(await exportStatus(page)).toBe(404);
    await connectAndDisconnect(page);
    expect(await exportStatus(secondPage)).toBe(404);
    await connectAndDisconnect(secondPage);
    await page.reload();
    await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
    expect(await exportStatus(page)).toBe(404);

    // What one instance's page can reach of the other without the other's printed URL: nothing.
    const crossed = await page.request.get(`${second.workbench.origin}/`);
    expect(crossed.status()).toBe(401);
    expect((await context.cookies()).map(({ name }) => name)).toEqual([]);
  } finally {
    await second.stop();
  }
});
