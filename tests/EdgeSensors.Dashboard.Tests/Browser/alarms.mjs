// The device page's alarm controls in headless Chromium (playwright-core, /usr/bin/chromium), started by
// AlarmBrowserTests. A technician clicks Acknowledge on an active alarm: the row must say "sent, waiting for the
// device" and keep the alarm unacknowledged until the device itself reports it. Protocol on stdio: prints
// "WAITING ack-pending" once the waiting note shows, then waits for the line "ANSWERED" (the test checked the
// command the device received and published the device's acknowledged event). A viewer then sees the same page
// with no Acknowledge button. The alarm history table shows the three events, newest first, with units and times. Prints "STEP <name> ok" per step; a failed check exits 1 with the reason.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { env, launch, step, waitForLine } from './harness.mjs';

const OWNER = 'AlarmBrowserTests';
const base = env('DASHBOARD_URL', OWNER);
const chromiumPath = env('CHROMIUM', OWNER);
const technician = { user: env('TECHNICIAN_USER', OWNER), password: env('TECHNICIAN_PASSWORD', OWNER) };
const viewer = { user: env('VIEWER_USER', OWNER), password: env('VIEWER_PASSWORD', OWNER) };
const deviceId = env('DEVICE_REGISTRY_ID', OWNER);
const ackTag = env('ACK_TAG', OWNER);
const otherTag = env('OTHER_TAG', OWNER);
const timeout = 30_000;

const { context, profile } = await launch(chromiumPath, { width: 1280, height: 900 }, timeout);
let exitCode = 0;
const consoleErrors = [];
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));

  async function signIn(who) {
    await page.goto(base + '/');
    await page.locator('form.signin').waitFor();
    await page.locator('#user').fill(who.user);
    await page.locator('#password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#nav').waitFor({ state: 'visible' });
  }

  const row = (tag) => page.locator(`#alarms tr[data-tag="${tag}"]`);

  await step('a technician acknowledges an alarm and waits for the device', async () => {
    await signIn(technician);
    await page.goto(`${base}/#/devices/${deviceId}`);
    await row(ackTag).waitFor();
    assert.match(await row(ackTag).innerText(), /not acknowledged/);
    await row(ackTag).getByRole('button', { name: 'Acknowledge' }).click();
    const pending = row(ackTag).locator('.ack-pending');
    // The note appears when the POST returns: after the audit write and the broker's PUBACK, which took over 30 s
    // once on a loaded CI machine (2 cores shared by every test project).
    await pending.waitFor({ timeout: 90_000 });
    assert.equal(await pending.innerText(), 'sent, waiting for the device');
    // Polls keep coming (every 2 s) while the device has not answered: after the next one, the note and the state stay.
    const before = await page.locator('#updated').innerText();
    await page.waitForFunction((old) => document.querySelector('#updated')?.textContent !== old, before);
    assert.match(await row(ackTag).innerText(), /not acknowledged/, 'the page marked the alarm acknowledged before the device did');
    assert.equal(await pending.count(), 1, 'the waiting note vanished before the device answered');
    assert.equal(await row(ackTag).getByRole('button', { name: 'Acknowledge' }).count(), 0, 'the button is still offered while waiting');
    assert.equal(await row(otherTag).getByRole('button', { name: 'Acknowledge' }).count(), 1, 'the other alarm lost its button');
    console.log('WAITING ack-pending');
    await waitForLine('ANSWERED');
    await page.waitForFunction((tag) => {
      const tr = document.querySelector(`#alarms tr[data-tag="${tag}"]`);
      return tr && tr.classList.contains('acknowledged') && !tr.querySelector('.ack-pending');
    }, ackTag);
    assert.match(await row(ackTag).innerText(), /\(acknowledged\)/);
    assert.equal(await row(ackTag).getByRole('button').count(), 0, 'an acknowledged alarm still offers Acknowledge');
    assert.equal(await page.locator('#error').isVisible(), false, await page.locator('#error').innerText());
  });

  await step('the device page shows the alarm history with units and times', async () => {
    const acknowledged = page.locator('#history tr[data-seq="12"]');
    await acknowledged.waitFor();
    const text = await acknowledged.innerText();
    assert.ok(text.includes(ackTag), text);
    assert.match(text, /acknowledged \(latched\)/, text);
    assert.match(text, /51 %LEL/, text);
    assert.match(text, /50 %LEL/, text);
    assert.match(text, /\d{1,2}\/\d{1,2}\/\d{2}, \d{1,2}:\d{2}:\d{2}/, `no event time in: ${text}`);
    assert.match(await page.locator('#history tr[data-seq="11"]').innerText(), /12 ppm[\s\S]*10 ppm/);
    assert.equal(await page.locator('#history tbody tr').count(), 3, 'history rows');
    assert.deepEqual(await page.locator('#history tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.seq)), ['12', '11', '10'], 'newest first');
  });

  await step('the device page shows the missing seqs', async () => {
    const gap = page.locator('#gaps li[data-from="13"][data-to="19"]');
    await gap.waitFor();
    assert.match(await gap.innerText(), /seq 13–19 \(7 seqs\)/);
    assert.match(await page.locator('#gap-summary').innerText(), /Received seq 10–20: 4 messages; 7 seqs missing in 1 gap\./);
  });

  await step('a viewer sees the alarm but no Acknowledge button', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('form.signin').waitFor();
    await signIn(viewer);
    await page.goto(`${base}/#/devices/${deviceId}`);
    await row(otherTag).waitFor();
    assert.match(await row(otherTag).innerText(), /not acknowledged/);
    assert.equal(await page.getByRole('button', { name: 'Acknowledge' }).count(), 0, 'a viewer is offered Acknowledge');
    assert.equal(await page.locator('#error').isVisible(), false, await page.locator('#error').innerText());
  });

  await step('no script errors', async () => {
    assert.deepEqual(consoleErrors, [], `console errors: ${consoleErrors.join('\n')}`);
  });
} catch (e) {
  exitCode = 1;
  console.error(`browser console errors: ${consoleErrors.join('\n') || 'none'}`);
  const page = context.pages()[0];
  if (page) console.error(`page at failure (${page.url()}): ${(await page.content().catch(() => '')).slice(0, 3000)}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(exitCode);
