import { test, expect } from './browserMode';

test('the UI without the printed token is refused', async ({ request, workbench }) => {
  const withoutToken = await request.get(`${workbench.origin}/`);
  expect(withoutToken.status()).toBe(401);
  expect(await withoutToken.text()).toContain('open the URL printed in the terminal');

  const wrongToken = await request.get(`${workbench.origin}/s/not-the-token/`);
  expect(wrongToken.status()).toBe(401);

  // The token in the query, as older versions printed it, opens nothing.
  const tokenAsQuery = await request.get(`${workbench.origin}/?token=${new URL(workbench.url).pathname.split('/')[2]}`);
  expect(tokenAsQuery.status()).toBe(401);

  const withToken = await request.get(workbench.url);
  expect(withToken.status()).toBe(200);
  expect(withToken.headers()['content-security-policy']).toContain("script-src 'self'");
});

test('the engine socket without the token is closed', async ({ page, workbench }) => {
  // A page from another origin (here: a blank page) tries the engine's WebSocket directly.
  await page.goto('about:blank');
  const outcome = await page.evaluate(
    (origin) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`${origin.replace('http', 'ws')}/rpc`);
        socket.onopen = () => resolve('open');
        socket.onerror = () => resolve('refused');
      }),
    workbench.origin,
  );
  expect(outcome).toBe('refused');
});
