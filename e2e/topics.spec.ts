import { spawn } from 'node:child_process';
import { connectAndSubscribe, test, expect } from './browserMode';
import { mosquittoPub, mosquittoSub } from '../test/support/mosquittoClients';

/** 2,000 messages over 500 topics: 50 rooms × 10 sensors, four rounds, published with mosquitto_pub -l per topic group. */
async function publishFleet(port: number): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (let room = 0; room < 50; room += 1) {
    for (let sensor = 0; sensor < 10; sensor += 1) {
      const topic = `plant/room${room}/sensor${sensor}`;
      const lines = [1, 2, 3, 4].map((round) => String(room * 10 + sensor + round)).join('\n') + '\n';
      jobs.push(
        new Promise<void>((resolve, reject) => {
          const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', topic, '-q', '1', '-l'], { stdio: ['pipe', 'ignore', 'pipe'] });
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub ${topic} exited ${code}`))));
          child.stdin.end(lines);
        }),
      );
      // A few at a time: 500 processes at once would swamp a small machine.
      if (jobs.length >= 25) await Promise.all(jobs.splice(0));
    }
  }
  await Promise.all(jobs);
}

test('the topic tree shows the hierarchy and counts, charts a numeric topic, and clears a retained subtree', async ({ page, workbench }) => {
  await connectAndSubscribe(page, workbench.url, 'plant/#');

  await publishFleet(workbench.brokerPort);
  await page.getByRole('tab', { name: 'Topics' }).click();
  await expect(page.getByRole('status', { name: 'Topic count' })).toHaveText(/^500 topics, 2,000 messages/);

  const tree = page.getByRole('tree', { name: 'Topic tree' });
  await expect(tree.getByRole('treeitem', { name: 'plant, 2000 messages, 500 topics' })).toBeVisible();
  await tree.getByRole('treeitem', { name: /^plant,/ }).click();
  await page.keyboard.press('ArrowRight');
  const room7 = tree.getByRole('treeitem', { name: 'room7, 40 messages, 10 topics' });
  await expect(room7).toBeVisible();
  await expect(room7).toHaveAttribute('aria-level', '2');
  await room7.click();
  await page.keyboard.press('ArrowRight');
  const sensor3 = tree.getByRole('treeitem', { name: 'sensor3, 4 messages' });
  await sensor3.click();

  // room7/sensor3 got 74, 75, 76, 77: the chart has all four, the last payload and diff are shown.
  const details = page.getByRole('region', { name: 'Topic plant/room7/sensor3' });
  await expect(details.getByRole('img', { name: /^Chart of plant\/room7\/sensor3: 4 values, latest 77$/ })).toBeVisible();
  await expect(details.getByRole('region', { name: 'Last payload' })).toContainText('77');
  await expect(details.getByRole('list', { name: 'Topic history' }).getByRole('listitem')).toHaveCount(4);

  // The filter uses MQTT wildcards.
  await page.getByLabel('Filter', { exact: true }).fill('plant/+/sensor9');
  // Every room is shown to reach its sensor9, and no other sensor is.
  await expect(tree.getByRole('treeitem', { name: /^sensor9,/ }).first()).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /^sensor[0-8],/ })).toHaveCount(0);
  await expect(tree.getByRole('treeitem', { name: 'room0, 40 messages, 10 topics' })).toBeVisible();
  await page.getByLabel('Filter', { exact: true }).fill('');

  // Retained messages under plant/room1, published after we subscribed (seen with Retain As Published).
  for (const sensor of ['a', 'b', 'c']) {
    await mosquittoPub({ port: workbench.brokerPort, topic: `plant/room1/retained/${sensor}`, message: `kept ${sensor}`, qos: 1, retain: true });
  }
  await tree.getByRole('treeitem', { name: /^plant,/ }).click();
  const room1 = tree.getByRole('treeitem', { name: /^room1,/ });
  await room1.click();
  const room1Details = page.getByRole('region', { name: 'Topic plant/room1' });
  await room1Details.getByRole('button', { name: 'Clear 3 retained messages…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Confirm clearing retained messages' });
  await expect(confirm).toContainText('3 topics under plant/room1');
  await confirm.getByRole('button', { name: 'Delete 3' }).click();
  await expect(room1Details.getByRole('status', { name: 'Clearing retained messages' })).toHaveText('Cleared 3 of 3 retained messages');

  // A fresh subscriber on that subtree gets no retained message any more.
  const retained = await mosquittoSub({ port: workbench.brokerPort, topic: 'plant/room1/#', count: 1, timeoutSeconds: 2, retainedOnly: true });
  expect(retained).toEqual([]);
});
