// What both browser scripts (dashboard.mjs, alarms.mjs) need: environment settings, the stdio protocol with the
// C# test (STEP lines out, awaited lines in) and a headless Chromium with a fresh profile.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

/** A required environment variable; `owner` is the C# test class that sets it. */
export function env(name, owner) {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (${owner} sets it)`);
  return value;
}

const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

/** Waits for the C# test to write `expected` on stdin. */
export async function waitForLine(expected) {
  for (;;) {
    const { value, done } = await stdinLines.next();
    if (done) throw new Error(`stdin closed before "${expected}"`);
    if (value.trim() === expected) return;
  }
}

/** Runs one named check: prints "STEP <name> ok", or the failure with its stack and rethrows. */
export async function step(name, work) {
  try {
    await work();
    console.log(`STEP ${name} ok`);
  } catch (e) {
    console.error(`STEP ${name} FAILED: ${e.stack ?? e}`);
    throw e;
  }
}

/**
 * Chromium at `chromiumPath` with a fresh profile (returned, to delete afterwards), en-US and UTC. No background
 * traffic: without these flags Chromium's own connections get refused in bursts.
 */
export async function launch(chromiumPath, viewport, timeout) {
  const profile = mkdtempSync(join(tmpdir(), 'edgesensors-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport,
    locale: 'en-US', // number formats are checked: 7.25, not 7,25
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(timeout);
  return { context, profile };
}
