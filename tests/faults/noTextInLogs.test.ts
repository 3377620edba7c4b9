import { describe, expect, it } from 'vitest';
import { parseSeatLink, type WireError } from '../../shared/protocol';
import { processFleet } from '../support/processFleet';
import { createRoom, WireClient } from '../support/wireClient';

/**
 * Nothing a person wrote, no name, no seat key and no address reaches a log line, whatever
 * happens: a whole talk on two real processes sharing Redis, with a marker in every kind of
 * text, plus the things that make servers log (refusals, bad payloads, wrong links, a flood).
 * Every line either process wrote is then searched.
 */
const fleet = processFleet();

const MARK = {
  nameA: 'Mkr-nameA-41', nameB: 'Mkr-nameB-42', topic: 'Mkr-topic-43', offLimits: 'Mkrofflimits', say: 'Mkr-say-45', mirror: 'Mkr-mirror-46',
  notQuite: 'Mkr-notquite-47', park: 'Mkr-park-48', note: 'Mkr-note-49', appreciate: 'Mkr-appreciate-50', commit: 'Mkr-commit-51', bad: 'Mkr-bad-52',
};

describe('logs and error replies', () => {
  it('hold no conversation text, name, seat key or address, through a whole talk and every kind of failure', { timeout: 60_000 }, async () => {
    const [one, two] = [await fleet.server(), await fleet.server()];
    const room = await createRoom(one.url, { mediator: true, topic: MARK.topic });
    const join = fleet.join;
    const a = await join(one.url, room.links.A!);
    const b = await join(two.url, room.links.B!);
    const m = await join(two.url, room.links.M!);
    const errors: WireError[] = [];
    const tryIt = async (c: WireClient, command: Record<string, unknown>) => {
      const reply = await c.send(command);
      if (!reply.ok) errors.push(reply.error);
    };

    await a.ok({ type: 'setName', name: MARK.nameA });
    await b.ok({ type: 'setName', name: MARK.nameB });
    await a.ok({ type: 'proposeOffLimits', text: MARK.offLimits });
    await b.ok({ type: 'acceptOffLimits', id: a.view.context.agreement.offLimits[0]!.id });
    await a.ok({ type: 'sign' });
    await b.ok({ type: 'sign' });
    await a.ok({ type: 'say', text: MARK.say });
    await tryIt(b, { type: 'say', text: `${MARK.bad} out of turn` });
    await tryIt(a, { type: 'say', text: `${MARK.bad} about ${MARK.offLimits}` });
    await tryIt(a, { type: 'say', text: MARK.bad.repeat(500) });
    await tryIt(a, { type: 'say', text: 42, extra: MARK.bad });
    await tryIt(a, { type: 'shout', text: MARK.bad });
    await a.ok({ type: 'park', text: MARK.park });
    await a.ok({ type: 'yield' });
    await b.ok({ type: 'mirror', text: MARK.mirror });
    await a.ok({ type: 'notQuite', text: MARK.notQuite });
    await b.ok({ type: 'mirror', text: MARK.mirror });
    await a.ok({ type: 'confirm' });
    await m.ok({ type: 'note', text: MARK.note });
    await a.ok({ type: 'moveToClose' });
    await b.ok({ type: 'acceptClose' });
    await a.ok({ type: 'appreciate', text: MARK.appreciate });
    await a.ok({ type: 'commit', text: MARK.commit });
    await b.ok({ type: 'appreciate', text: MARK.appreciate });
    await a.ok({ type: 'confirmClose' });
    await b.ok({ type: 'confirmClose' });

    // A bad room request, and wrong links until the server warns about the address.
    const bad = await fetch(`${one.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mediator: false, topic: MARK.bad.repeat(100) }) });
    errors.push(((await bad.json()) as { error: WireError }).error);
    const roomId = parseSeatLink(new URL(room.links.A!).hash)!.roomId;
    for (let i = 0; i < 12; i++) {
      const wrong = new WireClient(one.url, { roomId, key: `${MARK.bad}-wrong-key-${i}` });
      fleet.track(wrong);
      await wrong.ready.catch(() => undefined);
    }
    await expect.poll(() => one.log()).toContain('seat handshakes refused');

    // Refusals reached the sender, each with a message; only an off-limits refusal names the
    // topic, and it names it to a partner who agreed it.
    expect(errors.map((e) => e.code)).toEqual(['not_your_turn', 'off_limits', 'bad_value', 'bad_payload', 'unknown_command', 'bad_payload']);
    for (const e of errors.filter((e) => e.code !== 'off_limits')) expect(JSON.stringify(e)).not.toMatch(/Mkr/);

    const keys = Object.values(room.links).map((link) => parseSeatLink(new URL(link!).hash)!.key);
    // The startup banner names the server's own address; everything after it must not name anyone's.
    const logs = [one.log(), two.log()].join('\n').split('\n').filter((l) => l && !/^(Talk Room is running|Rooms are kept|Only this computer)/.test(l));
    expect(logs.length).toBeGreaterThan(0); // the flood warning, at least: the search looks at real lines
    for (const line of logs) {
      expect(line).not.toMatch(/Mkr/);
      for (const key of keys) expect(line).not.toContain(key);
      expect(line).not.toMatch(/127\.0\.0\.1|::1|::ffff/);
    }
  });
});
