// Debian's Chromium for the browser tests, launched the one way that works on these machines
// (headless, no sandbox, no GPU, nothing fetched in the background: the env entry's machine
// page). CHROMIUM_PATH overrides /usr/bin/chromium, which .ci/run installs when it is missing.
import { mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where the tests write their screenshots (README.md, "The web interface"). */
export const SHOTS = new URL('../screenshots/', import.meta.url).pathname;

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
