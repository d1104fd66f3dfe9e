import type { Page } from '@playwright/test';
import { test, expect } from './browserMode';

const list = (page: Page) => page.getByRole('navigation', { name: 'Connections' });

async function newConnection(page: Page, name: string) {
  await page.getByRole('button', { name: 'New connection' }).click();
  const form = page.getByRole('form', { name: 'New connection' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

test('the first click on Save counts even when leaving a field shows its error and moves the button', async ({ page, workbench }) => {
  // A window tall enough for the whole form: nothing scrolls, so a new error pushes Save down.
  await page.setViewportSize({ width: 1400, height: 1600 });
  await page.goto(workbench.url);
  await page.getByRole('button', { name: 'New connection' }).click();
  const form = page.getByRole('form', { name: 'New connection' });
  // Still in the field: its error only appears when focus leaves it, i.e. on the press of Save.
  await form.getByLabel('Name', { exact: true }).fill('');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toHaveText('Not saved: one field needs attention.');
  await expect(form.getByText('Name is required')).toBeVisible();
});

test('deleting a saved connection asks first, and can be undone', async ({ page, workbench }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(workbench.url);
  await newConnection(page, 'Keep me');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();

  // The question comes once the engine has said how much history would go: wait for it. It is
  // answered from the listener: a click awaited while a confirm() blocks the page never returns
  // (Playwright's post-click round trip waits on the blocked renderer).
  const question = new Promise<string>((resolve) =>
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void dialog.dismiss();
    }),
  );
  await page.getByRole('button', { name: 'Delete connection' }).click();
  expect(await question).toContain('Delete the connection "Keep me"');
  await expect(list(page).getByRole('button', { name: /^Keep me,/ })).toBeVisible();

  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.message();
    void dialog.accept();
  });
  await page.getByRole('button', { name: 'Delete connection' }).click();
  await expect(list(page).getByRole('button', { name: /^Keep me,/ })).toHaveCount(0);
  expect(asked).toContain('Delete the connection "Keep me"');
  await page.screenshot({ path: testInfo.outputPath('undo-delete-1024.png') });
  await page.getByRole('status').filter({ hasText: 'Deleted “Keep me”.' }).getByRole('button', { name: 'Undo' }).click();
  await expect(list(page).getByRole('button', { name: /^Keep me,/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Keep me', level: 1 })).toBeVisible();

  // Undone means never removed: it is still there after the undo time has passed and a reload.
  await page.waitForTimeout(9000);
  await page.reload();
  await expect(list(page).getByRole('button', { name: /^Keep me,/ })).toBeVisible();
});

test('a deleted connection is gone for good once undo is no longer offered', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await newConnection(page, 'Throwaway');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Delete connection' }).click();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0, { timeout: 15_000 });
  await page.reload();
  await expect(list(page).getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  await expect(list(page).getByRole('button', { name: /^Throwaway,/ })).toHaveCount(0);
});

test('subscription filter and log search drafts stay with their connection and survive a tab change', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await newConnection(page, 'Second');
  await list(page).getByRole('button', { name: /^Embedded broker,/ }).click();
  const subscribe = page.getByRole('form', { name: 'Subscribe' });
  const search = page.getByRole('search', { name: 'Search messages' });
  await subscribe.getByLabel('Topic filter').fill('embedded/#');
  await search.getByLabel('Search in topics and payloads').fill('kitchen');

  await page.getByRole('tab', { name: 'Topics' }).click();
  await page.getByRole('tab', { name: 'Messages' }).click();
  await expect(search.getByLabel('Search in topics and payloads')).toHaveValue('kitchen');

  await list(page).getByRole('button', { name: /^Second,/ }).click();
  await expect(page.getByRole('heading', { name: 'Second', level: 1 })).toBeVisible();
  await expect(subscribe.getByLabel('Topic filter')).toHaveValue('');
  await expect(search.getByLabel('Search in topics and payloads')).toHaveValue('');
  await subscribe.getByLabel('Topic filter').fill('second/+');

  await list(page).getByRole('button', { name: /^Embedded broker,/ }).click();
  await expect(subscribe.getByLabel('Topic filter')).toHaveValue('embedded/#');
  await expect(search.getByLabel('Search in topics and payloads')).toHaveValue('kitchen');
  await list(page).getByRole('button', { name: /^Second,/ }).click();
  await expect(subscribe.getByLabel('Topic filter')).toHaveValue('second/+');
});
