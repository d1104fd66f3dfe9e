import type { Page } from '@playwright/test';
import { test, expect } from './browserMode';

async function connectEmbedded(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
}

test('Tab indents in the payload editor, but Esc then Tab (or Shift+Tab) leaves it, and so does Ctrl+M then Tab', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  const composer = page.getByRole('form', { name: 'Publish' });
  const editor = composer.getByRole('group', { name: 'Payload editor' });
  const editorInput = editor.getByRole('textbox');

  await editor.click();
  await page.keyboard.type('a');
  await page.keyboard.press('Tab');
  await page.keyboard.type('b');
  // Tab alone is text: an indent, and the editor keeps the focus.
  await expect(editorInput).toBeFocused();
  await expect(editor).toContainText(/a\s+b/);

  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(composer.getByLabel('QoS')).toBeFocused();

  await editor.click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  await expect(composer.getByLabel('Payload format')).toBeFocused();

  // Back in the editor, Tab indents again.
  await editor.click();
  await page.keyboard.press('Tab');
  await expect(editorInput).toBeFocused();

  await page.keyboard.press('Control+m');
  await page.keyboard.press('Tab');
  await expect(composer.getByLabel('QoS')).toBeFocused();
});
