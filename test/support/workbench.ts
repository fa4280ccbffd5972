import type { Page } from 'playwright-core';
import { spacedLabel } from './browser';

/** Takes an action from the review workbench's action panel, with the comment its dialog asks for. */
export async function reviewAction(page: Page, action: string, comment?: string): Promise<void> {
  await page
    .getByTestId('action-panel')
    .getByRole('button', { name: spacedLabel(action) })
    .click();
  const dialog = page.locator('.ant-modal').filter({ hasText: `${action} · ` });
  if (comment !== undefined) await dialog.getByLabel('意见说明').fill(comment);
  await dialog.getByRole('button', { name: `确认${action}` }).click();
}

/** Waits until the review workbench shows the application in `status` (its Chinese label). */
export async function applicationStatus(page: Page, status: string, timeout?: number): Promise<void> {
  await page
    .getByTestId('application-status')
    .filter({ hasText: new RegExp(`^${status}$`) })
    .waitFor({ timeout });
}
