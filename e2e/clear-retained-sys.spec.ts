import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from './browserMode';
import { startMosquitto } from '../test/support/mosquitto';
import { mosquittoPub } from '../test/support/mosquittoClients';

/**
 * Clearing retained messages reports what the broker removed, asked afterwards, not what was sent:
 * an ACL that refuses the delete under MQTT 3.1.1 still acknowledges it, and `$SYS` topics are the
 * broker's own, so they are left alone with the reason said.
 */
test('clearing retained messages reports what the broker still keeps, and leaves $SYS alone', async ({ page, workbench }, testInfo) => {
  const acl = path.join(mkdtempSync(path.join(tmpdir(), 'qoscope-acl-')), 'acl');
  writeFileSync(acl, ['user admin', 'topic readwrite #', '', 'user viewer', 'topic read #', 'topic readwrite site/open/#', 'topic read $SYS/#', ''].join('\n'));
  const broker = await startMosquitto({
    users: [
      { username: 'admin', password: 'admin-pw' },
      { username: 'viewer', password: 'viewer-pw' },
    ],
    extraConfig: [`acl_file ${acl}`],
  });
  try {
    for (const topic of ['site/open/temp', 'site/locked/door']) {
      await mosquittoPub({ port: broker.port, topic, message: `kept ${topic}`, qos: 1, retain: true, username: 'admin', password: 'admin-pw' });
    }
    await page.goto(workbench.url);
    await page.getByRole('button', { name: 'New connection' }).click();
    const form = page.getByRole('form', { name: 'New connection' });
    await form.getByLabel('Name', { exact: true }).fill('Debian mosquitto');
    await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await form.getByLabel('Port', { exact: true }).fill(String(broker.port));
    await form.getByLabel('MQTT version').selectOption('4');
    await form.getByLabel('Username', { exact: true }).fill('viewer');
    await form.getByLabel('Password', { exact: true }).fill('viewer-pw');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
    for (const filter of ['site/#', '$SYS/#']) {
      await page.getByLabel('Topic filter').fill(filter);
      await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
      await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText(filter, { exact: true })).toBeVisible();
    }

    await page.getByRole('tab', { name: 'Topics' }).click();
    const tree = page.getByRole('tree', { name: 'Topic tree' });
    await tree.getByRole('treeitem', { name: /^site,/ }).click();
    const site = page.getByRole('region', { name: 'Topic site' });
    await site.getByRole('button', { name: 'Clear 2 retained messages…' }).click();
    await page.getByRole('alertdialog', { name: 'Confirm clearing retained messages' }).getByRole('button', { name: 'Delete 2' }).click();
    // The broker acknowledged both deletes, but only the one the ACL allows happened.
    await expect(site.getByRole('status', { name: 'Clearing retained messages' })).toHaveText('Cleared 1 of 2 retained messages; the broker still keeps 1', { timeout: 15_000 });

    await tree.getByRole('treeitem', { name: /^\$SYS,/ }).click();
    const sys = page.getByRole('region', { name: 'Topic $SYS' });
    await sys.getByRole('button', { name: /^Clear \d+ retained messages…$/ }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Confirm clearing retained messages' });
    await expect(confirm).toContainText(/\d+ \$SYS topics are left alone: \$SYS topics are the broker’s own status/);
    await expect(confirm.getByRole('button', { name: /^Delete/ })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('clear-sys-1400.png') });
    await confirm.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
  } finally {
    await broker.stop();
  }
});
