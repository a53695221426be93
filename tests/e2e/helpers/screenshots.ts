// Screenshots kept as test artifacts: test-results/screenshots/<name>-<width>x<height>.png.
import { test, type Page } from '@playwright/test';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** Shoots the page at phone and desktop size, then restores its viewport. */
export async function screenshotBoth(page: Page, name: string): Promise<string[]> {
  const original = page.viewportSize();
  const dir = `${test.info().project.outputDir}/screenshots`;
  const paths: string[] = [];
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    const path = `${dir}/${name}-${size.width}x${size.height}.png`;
    await page.screenshot({ path, animations: 'disabled' });
    paths.push(path);
  }
  if (original) await page.setViewportSize(original);
  return paths;
}
