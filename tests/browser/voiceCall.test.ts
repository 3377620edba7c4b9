import { describe, expect, it } from 'vitest';
import { audit } from './audit';
import { button, move, SHOTS, useServerAndBrowser } from './browser';
import { everyoneJoins, hears, hearsNothingFrom, roomOnTheCall } from './voiceSupport';

/**
 * The room's own voice call, in real Chromium with its fake microphone: three people on phones,
 * peer to peer over loopback, and the sound each page receives measured. The microphones follow
 * the floor; nobody is heard in a pause; the mediator only while holding to talk.
 */
const env = useServerAndBrowser(undefined, { voice: true });

describe('a talk held on the room’s voice call', () => {
  it('lets each person hear whoever holds the word, and nobody else', { timeout: 120_000 }, async () => {
    const { a, b, m } = await roomOnTheCall(env, { mediator: true, bypassCSP: true });
    // Nothing asks for the microphone until the person chooses the call, and says why.
    await expect.poll(() => a.page.getByTestId('call').textContent()).toContain('Your browser will ask for your microphone');
    await a.page.screenshot({ path: `${SHOTS}/call-01-join.png` });
    await audit(a.page, 'call, before joining');
    // A joins first: the others' pages say they are not on the call yet, so A stops trying.
    await button(a.page, 'Join the voice call').click();
    await expect.poll(() => a.page.getByTestId('link-B').textContent()).toBe('Partner B: not on the call');
    await expect.poll(() => a.page.getByTestId('link-M').textContent()).toBe('Mediator: not on the call');
    await everyoneJoins([b.page, m!.page], ['B', 'M']);
    for (const other of ['B', 'M']) await expect.poll(() => a.page.getByTestId(`link-${other}`).textContent()).toMatch(/connected$/);
    await audit(m!.page, 'call, the mediator');

    // A speaks: B and the mediator hear A; nothing comes from B or the mediator.
    await expect.poll(() => a.page.getByTestId('heard').textContent()).toBe('Partner A can be heard now.');
    await hears(b.page, 'A');
    await hears(m!.page, 'A');
    await hearsNothingFrom(a.page, 'B');
    await hearsNothingFrom(a.page, 'M');
    expect(await a.page.getByTestId('my-mic').textContent()).toMatch(/Your microphone is open/);
    expect(await b.page.getByTestId('my-mic').textContent()).toMatch(/closed; it opens when the floor gives you the word/);
    await a.page.screenshot({ path: `${SHOTS}/call-02-speaking.png` });

    // "I've finished": B says back what they heard, and now B is heard, A is not.
    await button(a.page, "I've finished").click();
    await expect.poll(() => move(b.page)).toBe('Say back what you heard.');
    await hears(a.page, 'B');
    await hearsNothingFrom(b.page, 'A');
    await b.page.screenshot({ path: `${SHOTS}/call-03-mirroring.png` });

    // A person can always mute themselves.
    await button(b.page, 'Mute me').click();
    await hearsNothingFrom(a.page, 'B');
    await button(b.page, 'Unmute me').click();
    await hears(a.page, 'B');

    // The mediator holds to talk: heard by both, and the partners see it; let go, silence.
    await button(m!.page, 'Hold to talk').hover();
    await m!.page.mouse.down();
    await expect.poll(() => a.page.getByTestId('heard').textContent()).toBe('Partner B and Mediator can be heard now.');
    await hears(a.page, 'M');
    await hears(b.page, 'M');
    await m!.page.mouse.up();
    await expect.poll(() => b.page.getByTestId('heard').textContent()).toBe('Partner B can be heard now.');
    await hearsNothingFrom(a.page, 'M');

    // A pause is quiet for everyone, the mediator too.
    await button(b.page, 'Pause').click();
    await expect.poll(() => a.page.getByTestId('heard').textContent()).toBe('Nobody can be heard during the pause.');
    await hearsNothingFrom(a.page, 'B');
    await hearsNothingFrom(b.page, 'A');
    await expect.poll(() => button(m!.page, 'Hold to talk').isDisabled()).toBe(true);
    await a.page.screenshot({ path: `${SHOTS}/call-04-pause.png` });
  });
});

describe('the call comes back', () => {
  it('after either person reloads the page, joining again by itself when the microphone is already allowed', { timeout: 120_000 }, async () => {
    const { a, b } = await roomOnTheCall(env);
    await everyoneJoins([a.page, b.page], ['A', 'B']);
    await hears(b.page, 'A');

    // The answering side reloads: it asks for a new connection, and hears A again.
    await b.page.reload();
    await expect.poll(() => b.page.getByTestId('link-A').textContent(), { timeout: 20_000 }).toMatch(/connected$/);
    await hears(b.page, 'A');
    // The offering side reloads: it offers anew, and B takes the new connection over the old.
    await a.page.reload();
    await expect.poll(() => a.page.getByTestId('link-B').textContent(), { timeout: 20_000 }).toMatch(/connected$/);
    await hears(b.page, 'A');
    await button(a.page, "I've finished").click();
    await hears(a.page, 'B');
    await hearsNothingFrom(b.page, 'A');
  });

  it('lets go of the call on a device whose seat was opened on another one', async () => {
    const { a, b, links } = await roomOnTheCall(env);
    await everyoneJoins([a.page, b.page], ['A', 'B']);
    await hears(b.page, 'A');
    // A opens their link on another device: the first one steps out of the room, and of the call.
    const elsewhere = await env.browser.person();
    await elsewhere.page.goto(links[0]!);
    await expect.poll(() => a.page.textContent('body')).toContain('opened on another device');
    await hearsNothingFrom(b.page, 'A');
    await expect.poll(() => button(a.page, 'Join the voice call').count()).toBe(1);
  });
});
