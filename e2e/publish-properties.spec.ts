import type { Page } from '@playwright/test';
import { test, expect } from './browserMode';

async function connectEmbedded(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
}

test('MQTT 5 publish properties: a bad value is refused at its field, good ones arrive and show in the details', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  await page.getByLabel('Topic filter').fill('props/#');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText('props/#', { exact: true })).toBeVisible();

  const form = page.getByRole('form', { name: 'Publish' });
  await form.getByLabel('Topic', { exact: true }).fill('props/a');
  await form.getByText('MQTT 5 properties').click();
  await form.getByLabel('Content type').fill('application/json');
  await form.getByLabel('Response topic').fill('props/reply');
  await form.getByLabel('Correlation data as').selectOption('hex');
  await form.getByLabel('Correlation data', { exact: true }).fill('0a0z');
  await form.getByRole('button', { name: 'Add user property' }).click();
  await form.getByLabel('User property 1 name').fill('site');
  await form.getByLabel('User property 1 value').fill('north');
  await form.getByRole('button', { name: 'Add user property' }).click();
  await form.getByLabel('User property 2 name').fill('drop');
  await form.getByRole('button', { name: 'Remove user property 2' }).click();
  await form.getByLabel('Message expiry (seconds)').fill('3600');

  await form.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(form.getByLabel('Correlation data', { exact: true })).toHaveAccessibleDescription(/Not hex: "z" at character 4/);
  await expect(page.getByRole('listitem', { name: 'Sent on props/a' })).toHaveCount(0);

  await form.getByLabel('Correlation data', { exact: true }).fill('0a0b');
  await form.getByRole('button', { name: 'Publish', exact: true }).click();
  const received = page.getByRole('listitem', { name: 'Received on props/a' });
  await expect(received).toBeVisible();
  await received.click();

  const details = page.getByRole('region', { name: 'Message details' });
  const fields = details.getByRole('definition');
  await expect(fields.filter({ hasText: 'application/json' })).toHaveCount(1);
  await expect(fields.filter({ hasText: 'props/reply' })).toHaveCount(1);
  await expect(details.getByRole('table', { name: 'User properties' }).getByRole('row', { name: 'site north' })).toBeVisible();
  await expect(details.getByRole('table', { name: 'User properties' }).getByRole('row', { name: /drop/ })).toHaveCount(0);
});
