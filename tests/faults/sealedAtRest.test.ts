import { describe, expect, it } from 'vitest';
import { parseSeatLink } from '../../shared/protocol';
import { systemClock } from '../../server/clock';
import { RedisStore } from '../../server/store/redisStore';
import { buildSummary, carriedFromSummary } from '../../shared/summary';
import { type DumpedKey, dumpRedis, markersIn } from '../support/redisDump';
import { processFleet } from '../support/processFleet';
import type { ServerProcess } from '../support/serverProcess';
import { createRoom, type WireClient } from '../support/wireClient';
import { RedisKeys } from '../../server/store/redisKeys';

/**
 * Nothing a person wrote is readable in Redis: a whole talk on two real server processes (each
 * partner on another, so every broadcast also crosses through the adapter's Redis stream), with
 * a marker in every kind of text; then every key in Redis is read (SCAN, then GET / HGETALL /
 * LRANGE / SMEMBERS / ZRANGE / XRANGE by type, and DUMP) and no marker is found. Both processes
 * are then killed and started again, everyone reconnects, every text is back, and the talk goes
 * on to its end and into a new room carried forward from its summary, still with no marker in Redis.
 */
const fleet = processFleet();

const MARK = {
  topic: 'Mkr-topic-61', carried: 'Mkr-carried-62', carriedOffLimits: 'Mkrcarriedoff', nameA: 'Mkr-nameA-63', nameB: 'Mkr-nameB-64', nameM: 'Mkr-nameM-65',
  offLimits: 'Mkrofflimits', say: 'Mkr-say-66', park: 'Mkr-park-67', mirror: 'Mkr-mirror-68', notQuite: 'Mkr-notquite-69', validate: 'Mkr-validate-70',
  empathize: 'Mkr-empathize-71', note: 'Mkr-note-72', appreciateA: 'Mkr-appreciateA-73', appreciateB: 'Mkr-appreciateB-74', commitA: 'Mkr-commitA-75',
  commitB: 'Mkr-commitB-76', afterRestart: 'Mkr-after-restart-77',
};
const ALL = Object.values(MARK);

const server = (port?: number) => fleet.server(port);
const join = (p: ServerProcess, link: string) => fleet.join(p.url, link);
/** Waits until every client has the newest version: each broadcast has crossed to the other process. */
async function settled(...cs: WireClient[]) {
  const newest = Math.max(...cs.map((c) => c.view.version));
  for (const c of cs) await c.until(() => c.view.version >= newest);
}
/** The dump holds the room and the broadcasts that crossed processes, so a search of it would find their texts. */
function expectRoomAndStreamIn(dump: DumpedKey[], roomId: string) {
  const keys = dump.map((k) => k.key);
  expect(keys).toContain(RedisKeys.room(roomId));
  expect(keys).toContain(RedisKeys.log(roomId));
  const stream = dump.find((k) => k.type === 'stream');
  expect(stream?.text, 'the Socket.IO adapter’s stream, with the updates it carried').toContain('update');
}

describe('a whole talk on Redis', () => {
  it('leaves no text a person wrote readable in any key, and every text comes back after both processes restart', { timeout: 90_000 }, async () => {
    const [one, two] = [await server(), await server()];
    const room = await createRoom(one.url, { mediator: true, topic: MARK.topic, carriedForward: [MARK.carried], offLimits: [MARK.carriedOffLimits] });
    const secrets = Object.values(room.links).map((link) => parseSeatLink(new URL(link!).hash)!.key);
    const a = await join(one, room.links.A!);
    const b = await join(two, room.links.B!);
    const m = await join(two, room.links.M!);

    await a.ok({ type: 'setName', name: MARK.nameA });
    await b.ok({ type: 'setName', name: MARK.nameB });
    await m.ok({ type: 'setName', name: MARK.nameM });
    await a.ok({ type: 'proposeOffLimits', text: MARK.offLimits });
    await settled(a, b, m);
    const topicId = (text: string) => b.view.context.agreement.offLimits.find((t) => t.text === text)!.id;
    await b.ok({ type: 'acceptOffLimits', id: topicId(MARK.offLimits) });
    await a.ok({ type: 'acceptOffLimits', id: topicId(MARK.carriedOffLimits) });
    await b.ok({ type: 'acceptOffLimits', id: topicId(MARK.carriedOffLimits) });
    await a.ok({ type: 'setSettings', settings: { depth: 'full' } });
    await a.ok({ type: 'sign' });
    await b.ok({ type: 'sign' });
    await a.ok({ type: 'say', text: MARK.say });
    await a.ok({ type: 'park', text: MARK.park });
    await a.ok({ type: 'yield' });
    await b.ok({ type: 'mirror', text: MARK.mirror });
    await a.ok({ type: 'notQuite', text: MARK.notQuite });
    await b.ok({ type: 'mirror', text: `${MARK.mirror} again` });
    await a.ok({ type: 'confirm' });
    await a.ok({ type: 'noMore' });
    await b.ok({ type: 'validate', text: MARK.validate });
    await b.ok({ type: 'empathize', text: MARK.empathize });
    await m.ok({ type: 'note', text: MARK.note });
    await a.ok({ type: 'moveToClose' });
    await b.ok({ type: 'acceptClose' });
    await a.ok({ type: 'appreciate', text: MARK.appreciateA });
    await a.ok({ type: 'commit', text: MARK.commitA });
    await b.ok({ type: 'appreciate', text: MARK.appreciateB });
    await b.ok({ type: 'commit', text: MARK.commitB });
    await settled(a, b, m);
    // What the pages opened is every text, so the markers were really written.
    const seen = JSON.stringify([a.view, a.record, b.view, m.view]);
    for (const marker of ALL.filter((x) => x !== MARK.afterRestart)) expect(seen).toContain(marker);

    const during = await dumpRedis(fleet.redisUrl);
    expectRoomAndStreamIn(during, room.roomId);
    expect(markersIn(during, ALL)).toEqual([]);
    expect(markersIn(during, secrets)).toEqual([]);

    // Both processes die; new ones start on the same ports, with nothing of the room in memory.
    for (const c of [a, b, m]) c.close();
    const [onePort, twoPort] = [one.port, two.port];
    await one.kill();
    await two.kill();
    const [oneAgain, twoAgain] = [await server(onePort), await server(twoPort)];
    const a2 = await join(oneAgain, room.links.A!);
    const b2 = await join(twoAgain, room.links.B!);
    const m2 = await join(twoAgain, room.links.M!);

    // The welcome brings the whole record and the state back, every text intact.
    expect(a2.record.filter((e) => e.text).map((e) => e.text)).toEqual([
      MARK.offLimits, MARK.say, MARK.mirror, MARK.notQuite, `${MARK.mirror} again`, MARK.validate, MARK.empathize, MARK.note, MARK.appreciateA, MARK.commitA, MARK.appreciateB, MARK.commitB,
    ]);
    expect(a2.view.context.names).toEqual({ A: MARK.nameA, B: MARK.nameB, M: MARK.nameM });
    expect(a2.view.context.agreement.topic).toBe(MARK.topic);
    expect(a2.view.context.agreement.offLimits.map((t) => t.text).sort()).toEqual([MARK.carriedOffLimits, MARK.offLimits].sort());
    expect(a2.view.context.carriedForward).toEqual([MARK.carried]);
    expect(a2.view.context.parkingLot.A.map((i) => i.text)).toEqual([MARK.park]);
    expect(b2.view.context.parkingLot.A).toEqual([]);
    expect(m2.view.context.closing).toMatchObject({ appreciation: { A: MARK.appreciateA, B: MARK.appreciateB }, commitment: { A: MARK.commitA, B: MARK.commitB } });

    // And the talk goes on to its end, through both new processes.
    await a2.ok({ type: 'commit', text: MARK.afterRestart });
    await a2.ok({ type: 'confirmClose' });
    await b2.ok({ type: 'confirmClose' });
    await settled(a2, b2, m2);
    expect(b2.view.context.closing.commitment.A).toBe(MARK.afterRestart);

    // Its summary, downloaded and brought into a new room, carries its texts forward.
    const summary = JSON.parse(JSON.stringify(buildSummary(b2.view.context, b2.record)));
    const next = await createRoom(twoAgain.url, { mediator: false, ...carriedFromSummary(summary, (p) => `Partner ${p}`)! });
    const nextA = await join(oneAgain, next.links.A!);
    expect(nextA.view.context.carriedForward.join('\n')).toContain(MARK.afterRestart);
    expect(nextA.view.context.agreement.offLimits.map((t) => t.text)).toContain(MARK.offLimits);

    const after = await dumpRedis(fleet.redisUrl);
    expectRoomAndStreamIn(after, room.roomId);
    expect(after.map((k) => k.key)).toContain(RedisKeys.room(next.roomId));
    expect(markersIn(after, ALL)).toEqual([]);
    expect(markersIn(after, secrets)).toEqual([]);
  });
});

describe('a survivor that cannot open the room', () => {
  it('still shows the partner of a killed process as reconnecting, reading nothing of the room', { timeout: 40_000 }, async () => {
    const [one, two] = [await server(), await server()];
    const room = await createRoom(one.url, { mediator: false, topic: MARK.topic });
    const a = await join(one, room.links.A!);
    const b = await join(two, room.links.B!);
    await a.until(() => a.view.context.present.B === 'here');
    // A leaves: nobody of the room is connected through process one, which lets go of its key.
    a.close();
    await b.until(() => b.view.context.present.A === 'away');

    // B's process dies. Only process one is left to notice, and it cannot open the room: it
    // applies B's drop to the sealed state, which is presence and holds no text.
    await two.kill();
    const reader = await RedisStore.connect(fleet.redisUrl, systemClock);
    try {
      await expect.poll(async () => (await reader.get(room.roomId))?.state.context.present.B, { timeout: 20_000 }).toBe('reconnecting');
      expect(JSON.stringify(await reader.get(room.roomId))).not.toContain(MARK.topic);
    } finally {
      await reader.close();
    }
    const back = await join(one, room.links.A!);
    expect(back.view.context.present).toMatchObject({ A: 'here', B: 'reconnecting' });
    expect(back.view.context.agreement.topic).toBe(MARK.topic);
  });
});
