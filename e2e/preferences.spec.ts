import type { Page } from '@playwright/test';
import { test, expect } from './browserMode';

const LIGHT_BACKGROUND = 'rgb(246, 247, 249)';
const DARK_BACKGROUND = 'rgb(20, 22, 26)';

const pageBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
const textColour = (page: Page) => page.evaluate(() => getComputedStyle(document.body).color);

test('the theme follows the OS until the user picks one, and the choice survives a reload', async ({ page, workbench }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(workbench.url);
  const theme = page.getByRole('combobox', { name: 'Theme' });
  await expect(theme).toHaveValue('system');
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_BACKGROUND);
  const lightText = await textColour(page);

  // System: the OS turning dark turns the app dark.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => pageBackground(page)).toBe(DARK_BACKGROUND);
  expect(await textColour(page)).not.toBe(lightText);

  // A manual choice wins over the OS, and is still there after a reload.
  await theme.selectOption({ label: 'Light' });
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_BACKGROUND);
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('light');
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_BACKGROUND);

  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('combobox', { name: 'Theme' }).selectOption({ label: 'Dark' });
  await expect.poll(() => pageBackground(page)).toBe(DARK_BACKGROUND);
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  await expect.poll(() => pageBackground(page)).toBe(DARK_BACKGROUND);
});

test('the connection that was open is open again after a reload', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await expect(page.getByRole('heading', { name: 'Embedded broker', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New connection' }).click();
  const form = page.getByRole('form', { name: 'New connection' });
  await form.getByLabel('Name', { exact: true }).fill('Lab broker');
  await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill('1884');
  await form.getByRole('button', { name: 'Save' }).click();
  const list = page.getByRole('navigation', { name: 'Connections' });
  await list.getByRole('button', { name: /^Lab broker,/ }).click();
  await expect(page.getByRole('heading', { name: 'Lab broker', level: 1 })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Lab broker', level: 1 })).toBeVisible();
  await expect(list.getByRole('button', { name: /^Lab broker,/ })).toHaveAttribute('aria-current', 'true');

  await list.getByRole('button', { name: /^Embedded broker,/ }).click();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Embedded broker', level: 1 })).toBeVisible();
});
