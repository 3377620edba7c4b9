import { startTalkRoom, type TalkRoomOptions, type TalkRoomServer } from '../../server/app';
import { createRoom, WireClient } from './wireClient';

/** A real Talk Room server on port 0, plus the clients a test opened against it, all closed together. */
export async function startTestServer(options: TalkRoomOptions = {}) {
  const server: TalkRoomServer = await startTalkRoom({ port: 0, ...options });
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
      return { ...created, join };
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
