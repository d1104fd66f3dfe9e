import type { Page } from '@playwright/test';
import { test, expect } from './browserMode';
import { connectClient } from '../test/support/mqttClient';

/** The light theme's line colour in ValueChart. */
const LINE = [0x1f, 0x6f, 0xd1];

/**
 * Where the chart drew its values, as a share of the canvas width (0 = left edge, 1 = right):
 * the leftmost and rightmost pixels in the line's colour.
 */
function plottedSpan(page: Page, name: RegExp): Promise<{ from: number; to: number }> {
  return page.getByRole('img', { name }).evaluate((chart, line) => {
    const canvas = chart.querySelector('canvas');
    const context = canvas?.getContext('2d');
    if (!canvas || !context) throw new Error('the chart has no canvas');
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    let from = width;
    let to = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (Math.abs(data[i]! - line[0]!) + Math.abs(data[i + 1]! - line[1]!) + Math.abs(data[i + 2]! - line[2]!) < 60) {
          from = Math.min(from, x);
          to = Math.max(to, x);
        }
      }
    }
    if (to < 0) throw new Error('nothing is drawn in the line colour');
    return { from: from / width, to: to / width };
  }, LINE);
}

async function openTopic(page: Page, url: string, brokerPort: number, publish: (client: Awaited<ReturnType<typeof connectClient>>) => Promise<unknown>) {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
  await page.getByLabel('Topic filter').fill('lab/#');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText('lab/#', { exact: true })).toBeVisible();
  const device = await connectClient(`mqtt://127.0.0.1:${brokerPort}`, { clientId: 'chart-device' });
  try {
    await publish(device);
  } finally {
    await device.endAsync();
  }
  await page.getByRole('tab', { name: 'Topics' }).click();
  const tree = page.getByRole('tree', { name: 'Topic tree' });
  await tree.getByRole('treeitem', { name: /^lab,/ }).dblclick();
  await tree.getByRole('treeitem', { name: /^temp,/ }).click();
}

test('values that arrived at the same moment are drawn in the middle of a time axis around that moment', async ({ page, workbench }) => {
  // One value is the simplest "all at the same millisecond": the time axis has no width of its own.
  await openTopic(page, workbench.url, workbench.brokerPort, (device) => device.publishAsync('lab/temp', '21.5', { qos: 1 }));
  await expect(page.getByRole('img', { name: 'Chart of lab/temp: 1 value, latest 21.5' })).toBeVisible();
  const span = await plottedSpan(page, /^Chart of lab\/temp/);
  // Not squeezed against the left edge of an axis stretched over years: at the centre.
  expect(span.from).toBeGreaterThan(0.3);
  expect(span.to).toBeLessThan(0.7);
});
