import { startTalkRoom, type TalkRoomOptions, type TalkRoomServer } from '../../server/app';
import { type Clock, systemClock } from '../../server/clock';
import { createRoom, WireClient } from './wireClient';

/**
 * A real Talk Room server on port 0, plus the clients a test opened against it, all closed together.
 * A test that moves time passes its `ManualClock` (and builds any store it passes on that same
 * clock; the server refuses a store made with another); one that does not runs on the wall clock.
 */
export async function startTestServer(options: Omit<TalkRoomOptions, 'clock'> & { clock?: Clock } = {}) {
  const server: TalkRoomServer = await startTalkRoom({ port: 0, ...options, clock: options.clock ?? systemClock });
  const clients: WireClient[] = [];
  return {
    server,
    url: server.url,
    async room(body: { mediator: boolean; topic?: string } = { mediator: false }) {
      const created = await createRoom(server.url, body);
      const join = async (seat: 'A' | 'B' | 'M') => {
        const c = await WireClient.join(server.url, created.links[seat]!);
        clients.push(c);
        return c;
      };
      /** Both partners joined and the agreement signed on `topic`: the talk is on, A has the floor. */
      const signed = async (topic: string) => {
        const a = await join('A');
        const b = await join('B');
        await a.ok({ type: 'setTopic', topic });
        await a.ok({ type: 'sign' });
        await b.ok({ type: 'sign' });
        return { a, b };
      };
      return { ...created, join, signed };
    },
    track(c: WireClient) {
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      await server.close();
    },
  };
}
