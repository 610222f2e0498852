// Screenshots for a person to look at: `node scripts/look.mjs SITE OUT path...`
// at 1280 px and 375 px, and each page printed to PDF (A4).
import { mkdirSync } from 'node:fs';
import { startServer } from '../tests/browser/lib/server.mjs';
import { launchBrowser } from '../tests/browser/lib/browser.mjs';

const [site, out, ...paths] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const server = await startServer(site);
const browser = await launchBrowser();
const scheme = process.env.SCHEME || 'light';
for (const p of paths) {
  const name = p.replace(/\//g, '_').replace(/^_$/, 'home');
  for (const width of [1280, 375]) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await ctx.newPage();
    await page.goto(server.url + p);
    await page.screenshot({ path: `${out}/${name}-${width}-${scheme}.png`, fullPage: process.env.FULL === '1' });
    if (width === 1280 && scheme === 'light') {
      const h = await page.evaluate(() => document.documentElement.scrollHeight);
      console.log(p, 'height', h);
      await page.pdf({ path: `${out}/${name}.pdf`, format: 'A4', printBackground: true });
    }
    await ctx.close();
  }
}
await browser.close();
await server.close();
