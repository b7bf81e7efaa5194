// Debian's headless Chromium (never a downloaded browser) for the tests that open the report pages
// as a reader would: one persistent context per test file, pages opened from file: URLs with every
// request that leaves the machine recorded, and the facts every page is checked for (each image
// decodes with a real size, nothing refers outside the page but the links it means to have).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'swarmbench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens a local file; `requests` fills with every URL the page asks for that is not file: or data:. */
export async function openFile(context: BrowserContext, file: string): Promise<{ page: Page; requests: string[] }> {
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests };
}

export interface ImageFacts {
  alt: string;
  complete: boolean;
  naturalWidth: number;
  naturalHeight: number;
  dataUri: boolean;
}

export function imageFacts(page: Page): Promise<ImageFacts[]> {
  return page.evaluate(() =>
    ([...document.querySelectorAll('img')] as HTMLImageElement[]).map((i) => ({
      alt: i.alt,
      complete: i.complete,
      naturalWidth: i.naturalWidth,
      naturalHeight: i.naturalHeight,
      dataUri: i.src.startsWith('data:image/png;base64,'),
    })),
  );
}

/** Every src and href as written, but data: URIs and in-page anchors. */
export function pageRefs(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[src],[href]')]
      .map((el) => el.getAttribute('src') ?? el.getAttribute('href') ?? '')
      .filter((u) => !u.startsWith('data:') && !u.startsWith('#')),
  );
}
