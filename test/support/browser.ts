import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import type { Platform } from './platform';

const ROOT = path.resolve(__dirname, '../..');
/** `npm run build:web` writes dist/web; TEST_WEB_ROOT points a run at another build of the front end. */
export const WEB_ROOT = process.env.TEST_WEB_ROOT ?? path.join(ROOT, 'dist/web');
const SCREENSHOTS = path.join(ROOT, 'var/screenshots');

/** The flags Chromium needs on a machine without a network or a sandbox. */
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

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/**
 * A page that records every console error and uncaught exception, for the journeys to assert none. Chromium
 * also logs each 4xx answer as a console error; those go to `refusals` as `<status> <path>`, so a journey that
 * provokes a refusal on purpose asserts exactly that one and still no error.
 */
export interface WatchedPage {
  page: Page;
  errors: string[];
  refusals: string[];
}

const REFUSED = /^Failed to load resource: the server responded with a status of (4\d\d)/;

/** Ant Design spaces out two-character button labels (保存 → 保 存); the accessible name keeps that space. */
export function spacedLabel(text: string): RegExp {
  return new RegExp(`^${[...text].join('\\s*')}$`);
}

/**
 * Debian's Chromium driving the front end that the platform's API serves from `dist/web` (built by
 * `npm run build:web`), on a real port, as a browser would reach it.
 */
export class BrowserSession {
  private constructor(
    readonly browser: Browser,
    readonly baseUrl: string,
  ) {}

  static async start(platform: Platform): Promise<BrowserSession> {
    await platform.api!.listen({ port: 0, host: '127.0.0.1' });
    const { port } = platform.api!.getHttpServer().address() as AddressInfo;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(SCREENSHOTS, { recursive: true });
    return new BrowserSession(browser, `http://127.0.0.1:${port}`);
  }

  /**
   * Each call is a fresh context: its own storage, so its own signed-in user. The person asks for reduced motion,
   * as the front end honours it, so no step waits on a CSS transition that a busy machine may never end.
   */
  async open(viewport = DESKTOP, reducedMotion: 'reduce' | 'no-preference' = 'reduce'): Promise<WatchedPage> {
    const context = await this.browser.newContext({ viewport, acceptDownloads: true, reducedMotion });
    const page = await context.newPage();
    const errors: string[] = [];
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const refused = REFUSED.exec(message.text());
      if (refused) refusals.push(`${refused[1]} ${new URL(message.location().url).pathname}`);
      else errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, errors, refusals };
  }

  async signIn(page: Page, username: string, password: string): Promise<void> {
    await page.goto(`${this.baseUrl}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    // The header offers a sign-in button too; this is the form's.
    await page
      .locator('form')
      .getByRole('button', { name: /登\s*录/ })
      .click();
    await page.getByTestId('signed-in-as').waitFor();
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** Saved under var/screenshots (not committed); the README shows the main ones. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
