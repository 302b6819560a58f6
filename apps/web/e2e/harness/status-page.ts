import type { Page } from 'playwright-core';

/** Opens a case's status page the way a person does: the form at /status with the receipt number and code. */
export async function openStatus(page: Page, receiptNumber: string, accessCode: string): Promise<void> {
  await page.goto('/status');
  await page.getByRole('textbox', { name: /受付番号/ }).fill(receiptNumber);
  await page.getByRole('textbox', { name: /アクセスコード/ }).fill(accessCode);
  await page.getByRole('button', { name: /確認する/ }).click();
  await page.getByTestId('status-label').waitFor();
}
