import { atPhoneWidth, checkA11y, type ConsolePage, useConsoleBrowser } from './browser';

/** The harness itself: each check must fail when the console misbehaves, or the journeys prove nothing. */
describe('console browser harness', () => {
  const browser = useConsoleBrowser();
  /** Takes what the page recorded and clears it, so the deliberate problems do not fail this test in afterEach. */
  const drain = (p: ConsolePage) => p.problems.splice(0);

  it('records console errors, page errors and unexpected ≥ 400 answers, and assertClean throws on them', async () => {
    const tab = await browser.open('signin');
    await tab.page.getByRole('heading', { name: 'Sign in to Argus' }).waitFor();
    expect(() => tab.assertClean()).not.toThrow();
    await tab.page.evaluate(() => console.error('boom from the page'));
    await tab.page.evaluate(() => setTimeout(() => { throw new Error('uncaught in the page'); }));
    await tab.page.evaluate(() => fetch('/console/assets/missing-123.js').then(() => undefined));
    await tab.page.waitForTimeout(300);
    expect(() => tab.assertClean()).toThrow(/misbehaved/);
    const problems = drain(tab);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^console error: boom from the page/),
      expect.stringMatching(/^page error: uncaught in the page/),
      expect.stringMatching(/^unexpected 404: GET .*\/console\/assets\/missing-123\.js$/),
    ]));
  });

  it('accepts a declared refusal only while its step runs, and fails a step whose refusal never came', async () => {
    const tab = await browser.open('signin');
    await tab.expectRefusal(404, () => tab.page.evaluate(() => fetch('/console/assets/missing-1.js').then(() => undefined)));
    expect(tab.problems).toEqual([]);
    await expect(tab.expectRefusal(409, () => tab.page.evaluate(() => fetch('/console/config.json').then(() => undefined)))).rejects.toThrow(/expected a 409/);
    await tab.page.evaluate(() => fetch('/console/assets/missing-2.js').then(() => undefined));
    await tab.page.waitForTimeout(300);
    expect(drain(tab)).toEqual([expect.stringMatching(/unexpected 404/)]);
  });

  it('fails the accessibility check on a serious violation and the phone check on sideways scrolling', async () => {
    const tab = await browser.open('signin');
    await tab.page.getByRole('heading', { name: 'Sign in to Argus' }).waitFor();
    await tab.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { body: { insertAdjacentHTML(where: string, html: string): void } } }).document;
      doc.body.insertAdjacentHTML('beforeend', '<input id="unlabelled" type="text"><div id="too-wide" style="width: 1200px; height: 10px"></div>');
    });
    await expect(checkA11y(tab.page, 'harness-negative')).rejects.toThrow(/critical label: .*#unlabelled/);
    await expect(atPhoneWidth(tab.page)).rejects.toThrow(/scrolls sideways.*div#too-wide/);
  });
});
