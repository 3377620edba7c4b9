import { describe, expect, it } from 'vitest';
import { audit } from './audit';
import { button, move, twoPartnersTalking, useServerAndBrowser } from './browser';

/**
 * axe-core in real Chromium on every screen: no serious or critical violations. The audit
 * script is injected into the page, so these contexts bypass our CSP (which forbids inline
 * script, as it should); the pages themselves are unchanged.
 */
const env = useServerAndBrowser();

describe('accessibility on every screen', () => {
  it('uses an audit that does catch a serious problem (an unlabelled field)', async () => {
    const { page, context } = await env.browser.person({ bypassCSP: true });
    await page.setContent('<main><input type="text"></main>');
    await expect(audit(page, 'a bad page')).rejects.toThrow();
    await context.close();
  });

  it('has no serious or critical axe violations: home, agreement, talk, mirror, pause, closing, summary, mediator, practice', { timeout: 90_000 }, async () => {
    const [a, b, m] = [await env.browser.person({ bypassCSP: true }), await env.browser.person({ bypassCSP: true }), await env.browser.person({ bypassCSP: true })];
    await a.page.goto(env.server.url);
    await audit(a.page, 'home');
    await a.page.getByLabel('Include a mediator seat').check();
    await button(a.page, 'Create a room').click();
    await a.page.locator('.link-row').filter({ has: a.page.getByTestId('link-M') }).getByRole('button', { name: 'QR code' }).click();
    await expect.poll(() => a.page.getByTestId('qr').count()).toBe(1);
    await audit(a.page, 'links');
    const links = await Promise.all(['A', 'B', 'M'].map((s) => a.page.getByTestId(`link-${s}`).inputValue()));
    await Promise.all([a.page.goto(links[0]!), b.page.goto(links[1]!), m.page.goto(links[2]!)]);
    await expect.poll(() => a.page.getByTestId('connection').getAttribute('data-status')).toBe('live');

    await a.page.getByLabel("Today's topic").fill('Evenings');
    await button(a.page, 'Save topic').click();
    await a.page.getByLabel('Propose an off-limits topic').fill('money');
    await button(a.page, 'Propose').click();
    await expect.poll(() => b.page.getByTestId('offlimits-item').count()).toBe(1);
    await audit(b.page, 'agreement');
    await b.page.getByTestId('offlimits-item').getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => a.page.getByTestId('offlimits-item').textContent()).toContain('agreed');
    await button(a.page, 'Sign the agreement').click();
    await button(b.page, 'Sign the agreement').click();
    await expect.poll(() => move(a.page)).toMatch(/^Your turn/);

    await a.page.getByTestId('composer').fill('You always forget, and the money thing too.');
    await a.page.getByTestId('offlimits-warning').waitFor();
    await audit(a.page, 'talk (speaker, with warning and coach)');
    await audit(b.page, 'talk (listener)');
    await audit(m.page, 'mediator');
    await a.page.getByTestId('composer').fill('I feel alone in the evenings.');
    await a.page.getByTestId('send').click();
    await button(a.page, 'Yield the floor').click();
    await expect.poll(() => move(b.page)).toBe('Say back what you heard.');
    await audit(b.page, 'mirror');

    await button(b.page, 'Pause').click();
    await a.page.getByTestId('pause-countdown').waitFor();
    await audit(a.page, 'pause');
    await button(a.page, "I'm ready").click();
    await button(b.page, "I'm ready").click();
    await expect.poll(() => move(b.page)).toBe('Say back what you heard.');
    await b.page.getByTestId('composer').fill('What I heard is you feel alone.');
    await b.page.getByTestId('send').click();
    await button(a.page, "Yes, that's it").click();
    await button(a.page, "No, that's all").click();
    await expect.poll(() => move(a.page)).toMatch(/^Partner B is speaking/);
    await button(a.page, 'Move to close').click();
    await audit(a.page, 'confirming a move to close');
    await button(a.page, 'Propose to close').click();
    await b.page.getByTestId('close-proposal').waitFor();
    await audit(b.page, 'a proposal to close');
    await button(b.page, 'Agree to close').click();
    await a.page.getByLabel('One appreciation').waitFor();
    await audit(a.page, 'closing');
    for (const p of [a.page, b.page]) {
      await p.getByLabel('One appreciation').fill('Thank you.');
      await button(p, 'Share appreciation').click();
    }
    await button(a.page, 'Confirm and close').click();
    await button(b.page, 'Confirm and close').click();
    await b.page.getByTestId('summary').waitFor();
    await audit(b.page, 'summary');

    const practice = await env.browser.person({ bypassCSP: true });
    await practice.page.goto(`${env.server.url}/#practice`);
    await practice.page.getByRole('heading', { name: 'Practise alone' }).waitFor();
    await audit(practice.page, 'practice list');
    await button(practice.page, 'Practise “Phones at dinner”').click();
    await expect.poll(() => move(practice.page)).toBe('Say back what you heard.');
    await audit(practice.page, 'practice');
    for (const p of [a, b, m, practice]) await p.context.close();
  });

  it('renders HTML and script in a statement as plain text', async () => {
    const [a, b] = await twoPartnersTalking(env, '<b>bold</b>');
    const attack = `<img src=x onerror="window.__owned=1"><script>window.__owned=2</script>`;
    await a.page.getByTestId('composer').fill(attack);
    await a.page.getByTestId('send').click();
    await expect.poll(() => b.page.getByTestId('record').textContent()).toContain(attack);
    expect(await b.page.locator('[data-testid="record"] img, [data-testid="record"] script').count()).toBe(0);
    expect(await b.page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();
    for (const p of [a, b]) await p.context.close();
  });
});
