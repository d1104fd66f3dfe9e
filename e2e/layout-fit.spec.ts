import type { Page } from '@playwright/test';
import { test, expect } from './browserMode';
import { connectClient } from '../test/support/mqttClient';

/**
 * What scrolls sideways: the window itself, or any visible scroll area wider than its box. A view
 * that fits has none (vertical scrolling is fine).
 */
function sidewaysScroll(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`the window (${root.scrollWidth} px in ${root.clientWidth} px)`);
    for (const element of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      const { overflowX } = getComputedStyle(element);
      if ((overflowX === 'auto' || overflowX === 'scroll') && element.scrollWidth > element.clientWidth + 1 && element.checkVisibility()) {
        found.push(`${element.getAttribute('aria-label') ?? element.className} (${element.scrollWidth} px in ${element.clientWidth} px)`);
      }
    }
    return found;
  });
}

/** How many px of the hex pane's rows (offset, hex and ASCII) lie beyond its visible right edge. */
function hexRowsCutOff(page: Page): Promise<number> {
  return page.getByRole('grid', { name: 'Packet bytes' }).evaluate((grid) => {
    const visibleRight = grid.getBoundingClientRect().left + grid.clientLeft + grid.clientWidth;
    let worst = 0;
    for (const row of Array.from(grid.querySelectorAll('[role="row"]'))) {
      for (const cell of Array.from(row.querySelectorAll('span'))) worst = Math.max(worst, cell.getBoundingClientRect().right - visibleRight);
    }
    return worst;
  });
}

for (const size of [
  { width: 1024, height: 700 },
  { width: 1201, height: 700 },
  { width: 1400, height: 900 },
]) {
  test(`every view fits in ${size.width}×${size.height} without sideways scrolling, the hex pane's ASCII column included`, async ({ page, workbench }) => {
    await page.setViewportSize(size);
    await page.goto(workbench.url);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
    await page.getByLabel('Topic filter').fill('#');
    await page.getByRole('form', { name: 'Subscribe' }).getByLabel('QoS').selectOption('1');
    await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText('QoS 1')).toBeVisible();

    const device = await connectClient(`mqtt://127.0.0.1:${workbench.brokerPort}`, { clientId: 'layout-device' });
    try {
      // A long unbroken payload line, a deep topic, and a full 16-byte row of printable bytes.
      await device.publishAsync('plant/hall-7/line-3/station-12/sensor/temperature', 'x'.repeat(600), { qos: 1, retain: true });
      await device.publishAsync('plant/ascii', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', { qos: 1 });
    } finally {
      await device.endAsync();
    }

    await page.getByRole('listitem', { name: 'Received on plant/ascii' }).click();
    await expect(page.getByRole('region', { name: 'Message details' })).toBeVisible();
    expect(await sidewaysScroll(page)).toEqual([]);

    await page.getByRole('tab', { name: 'Topics' }).click();
    const tree = page.getByRole('tree', { name: 'Topic tree' });
    for (const level of ['plant', 'hall-7', 'line-3', 'station-12', 'sensor']) await tree.getByRole('treeitem', { name: new RegExp(`^${level},`) }).dblclick();
    await tree.getByRole('treeitem', { name: /^temperature,/ }).click();
    await expect(page.getByRole('region', { name: 'Topic plant/hall-7/line-3/station-12/sensor/temperature' })).toBeVisible();
    expect(await sidewaysScroll(page)).toEqual([]);

    await page.getByRole('tab', { name: 'Packets' }).click();
    await page.getByRole('listbox', { name: 'Packets' }).getByRole('option', { name: /received PUBLISH/ }).last().click();
    await expect(page.getByRole('gridcell', { name: /^byte 0: 0x3[0-9a-f]$/ })).toBeVisible();
    expect(await hexRowsCutOff(page)).toBeLessThanOrEqual(0);
    expect(await sidewaysScroll(page)).toEqual([]);

    await page.getByRole('tab', { name: 'Flows' }).click();
    await expect(page.getByRole('article').first()).toBeVisible();
    expect(await sidewaysScroll(page)).toEqual([]);

    await page.getByRole('button', { name: 'New connection' }).click();
    await page.getByRole('form', { name: 'New connection' }).getByLabel('Transport').selectOption('wss');
    expect(await sidewaysScroll(page)).toEqual([]);
  });
}
