import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { inertMarkdown } from '../../shared/summaryText';
import { describe, expect, it } from 'vitest';
import { encode } from 'uqr';
import { button, move, SHOTS, useServerAndBrowser } from './browser';

/**
 * Two people, two phones, one room, in real Chromium against a real server: the whole talk,
 * clicked through as people would. Screenshots of each phase land in .tmp/screens/.
 */
const env = useServerAndBrowser();

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

async function write(page: Page, text: string) {
  await page.getByTestId('composer').fill(text);
}

describe('two partners in the browser', () => {
  it('hold a whole talk: agreement, a "not quite" mirror, a pause, a refused topic, the swap, closing and the summary', async () => {
    const a = await env.browser.person();
    const b = await env.browser.person();

    // Create the room and open one link on each phone.
    await a.page.goto(env.server.url);
    await shot(a.page, '01-home');
    await button(a.page, 'Create a room').click();
    const linkA = await a.page.getByTestId('link-A').inputValue();
    const linkB = await a.page.getByTestId('link-B').inputValue();
    // B's link as a QR code to scan from A's screen: exactly the encoding of that link, drawn here.
    await a.page.locator('.link-row').filter({ has: a.page.getByTestId('link-B') }).getByRole('button', { name: 'QR code' }).click();
    const qr = a.page.getByRole('img', { name: 'QR code of the Partner B link' });
    await expect.poll(() => qr.count()).toBe(1);
    const expected = encode(linkB, { ecc: 'M' });
    expect(await qr.getAttribute('viewBox')).toBe(`0 0 ${expected.size + 8} ${expected.size + 8}`);
    const drawn = ((await qr.locator('path').getAttribute('d')) ?? '').split('M').length - 1;
    expect(drawn).toBe(expected.data.flat().filter(Boolean).length);
    await shot(a.page, '02-links');
    await a.page.goto(linkA);
    await b.page.goto(linkB);
    await expect.poll(() => a.page.getByTestId('connection').getAttribute('data-status')).toBe('live');
    await expect.poll(() => a.page.getByTestId('presence').textContent()).toContain('Partner B');

    // Each gives a first name; everyone sees the names from then on.
    await a.page.getByLabel('What should the others call you?').fill('Sam');
    await button(a.page, 'Save name').click();
    await b.page.getByLabel('What should the others call you?').fill('Alex');
    await button(b.page, 'Save name').click();
    await expect.poll(() => a.page.getByTestId('presence').textContent()).toContain('Alex');

    // Agreement: topic, an off-limits topic proposed by A and accepted by B, both sign.
    await a.page.getByLabel("Today's topic").fill('How we spend our evenings');
    await button(a.page, 'Save topic').click();
    await a.page.getByLabel('Propose an off-limits topic').fill('my mother');
    await button(a.page, 'Propose').click();
    await b.page.getByTestId('offlimits-item').filter({ hasText: 'my mother' }).getByRole('button', { name: 'Accept' }).click();
    await shot(b.page, '03-agreement');
    await button(a.page, 'Sign the agreement').click();
    await button(b.page, 'Sign the agreement').click();
    // Each phone says what this person does now, in the first person, with the other's name.
    await expect.poll(() => move(b.page)).toBe("Sam is speaking. Listen; you'll say back what you heard.");
    await expect.poll(() => move(a.page)).toBe("Your turn — say what's on your mind.");

    // A full turn with a "not quite" mirror.
    await write(a.page, 'I feel lonely when you work late, because I miss our evenings.');
    await a.page.getByTestId('send').click();
    await expect.poll(() => b.page.getByTestId('record').textContent()).toContain('I feel lonely when you work late');
    await shot(a.page, '04-speaking');
    await button(a.page, 'Yield the floor').click();
    await expect.poll(() => move(b.page)).toBe('Say back what you heard.');
    await expect.poll(() => move(a.page)).toBe('Waiting for Alex to say back what they heard.');
    await write(b.page, 'What I heard is that you are angry that I work late.');
    // A draft survives a reload of the page.
    await b.page.reload();
    await expect.poll(() => b.page.getByTestId('composer').inputValue()).toContain('angry that I work late');
    await b.page.getByTestId('send').click();
    await shot(b.page, '05-mirror');
    await write(a.page, 'Not quite: lonely, not angry.');
    await button(a.page, 'Not quite').click();
    await expect.poll(() => move(b.page)).toBe('Say back what you heard.');
    await write(b.page, 'What I heard is that you feel lonely and miss our evenings.');
    await b.page.getByTestId('send').click();
    await expect.poll(() => move(a.page)).toMatch(/^Did Alex get it\?/);
    await button(a.page, "Yes, that's it").click();
    await expect.poll(() => move(a.page)).toMatch(/Is there more/);

    // A pause, and both ready: the talk resumes where it stood.
    await button(b.page, 'Pause').click();
    await a.page.getByTestId('pause-countdown').waitFor();
    await shot(a.page, '06-pause');
    await button(a.page, "I'm ready").click();
    await button(b.page, "I'm ready").click();
    await expect.poll(() => move(a.page)).toMatch(/Is there more/);

    // A message touching the agreed topic: warned while typing, refused kindly, the draft kept.
    await button(a.page, "Yes, there's more").click();
    await write(a.page, "It's just like your mother's visits.");
    await expect.poll(() => a.page.getByTestId('offlimits-warning').textContent()).toContain('my mother');
    await a.page.getByTestId('send').click();
    await expect.poll(() => a.page.getByTestId('refusal').textContent()).toContain('my mother');
    expect(await a.page.getByTestId('composer').inputValue()).toContain("your mother's visits");
    await shot(a.page, '07-refused');
    await button(a.page, 'Park this draft').click();
    await expect.poll(() => a.page.getByTestId('composer').inputValue()).toBe('');

    await write(a.page, 'I would like one evening a week that is ours.');
    await a.page.getByTestId('send').click();
    await button(a.page, 'Yield the floor').click();
    await write(b.page, 'What I heard is you want one evening a week for us.');
    await b.page.getByTestId('send').click();
    await button(a.page, "Yes, that's it").click();
    await button(a.page, "No, that's all").click();

    // The swap: B holds the floor now, and A's round folds away under "Earlier in the talk".
    await expect.poll(() => move(a.page)).toBe("Alex is speaking. Listen; you'll say back what you heard.");
    expect(await a.page.getByTestId('earlier-rounds').locator('summary').textContent()).toMatch(/^Earlier in the talk \(\d+\)$/);
    expect(await a.page.getByTestId('earlier-rounds').getAttribute('open')).toBeNull();
    await shot(b.page, '08-swapped');

    // Closing: nothing room-wide on one tap. B proposes (after a confirmation), A agrees.
    await button(b.page, 'Move to close').click();
    await expect.poll(() => b.page.textContent('body')).toContain('This asks Sam to agree to close');
    await button(b.page, 'Propose to close').click();
    await a.page.getByTestId('close-proposal').waitFor();
    await shot(a.page, '08b-close-proposal');
    await button(a.page, 'Agree to close').click();
    await a.page.getByLabel('One appreciation').fill('Thank you for listening to me tonight.');
    await button(a.page, 'Share appreciation').click();
    await a.page.getByLabel('One small commitment (optional)').fill('I will say when I feel lonely.');
    await button(a.page, 'Share commitment').click();
    await b.page.getByLabel('One appreciation').fill('Thank you for saying it kindly.');
    await button(b.page, 'Share appreciation').click();
    await shot(b.page, '09-closing');
    await button(a.page, 'Confirm and close').click();
    await button(b.page, 'Confirm and close').click();

    // Summary and download.
    await expect.poll(() => b.page.getByTestId('summary').textContent()).toContain('How we spend our evenings');
    await expect.poll(() => b.page.getByTestId('summary').textContent()).toContain('Thank you for saying it kindly.');
    await shot(b.page, '10-summary');
    const [download] = await Promise.all([b.page.waitForEvent('download'), button(b.page, 'Download Markdown').click()]);
    const markdown = readFileSync((await download.path())!, 'utf8');
    expect(markdown).toContain('# Talk Room summary: How we spend our evenings');
    // What people wrote is in it, made inert (its punctuation escaped), so it shows as typed.
    expect(markdown).toContain(inertMarkdown('What I heard is that you feel lonely and miss our evenings.'));

    const [jsonDownload] = await Promise.all([b.page.waitForEvent('download'), button(b.page, 'Download JSON').click()]);
    const summaryJson = (await jsonDownload.path())!;
    // The refused and parked text never reached the other partner.
    expect(await b.page.content()).not.toContain('mother\u2019s visits');
    expect(await b.page.content()).not.toContain("mother's visits");

    // Either partner can delete the room now; the other is told at once.
    await button(b.page, 'Delete this room now').click();
    await button(b.page, 'Yes, delete it for everyone').click();
    await expect.poll(() => a.page.textContent('body')).toContain('deleted by a partner');

    // The next talk starts from this one's commitments.
    await a.page.goto(`${env.server.url}/`);
    await a.page.getByLabel('Bring a previous summary (JSON, optional)').setInputFiles(summaryJson);
    await expect.poll(() => a.page.textContent('body')).toContain('Carrying forward 1 commitment');
    await button(a.page, 'Create a room').click();
    await a.page.goto(await a.page.getByTestId('link-A').inputValue());
    await expect.poll(() => a.page.getByTestId('carried').textContent()).toContain('Sam: I will say when I feel lonely.');
    // The earlier off-limits topic comes back as a proposal to agree on again, with the settings.
    expect(await a.page.getByTestId('offlimits-item').textContent()).toMatch(/my mother.*from your last talk/);
  });
});
