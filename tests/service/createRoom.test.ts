import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/conversation';
import { startTalkRoom } from '../../server/app';
import { systemClock } from '../../server/clock';
import { reachableOrigin } from '../../server/reachableOrigin';
import { startTestServer } from '../support/testServer';

let env: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  env = await startTestServer();
});
afterAll(async () => env?.close());

const create = async (body: string) => {
  const res = await fetch(`${env.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; field?: string } } };
};

describe('creating a room over HTTP', () => {
  it.each([
    ['a mediator flag that is not true or false', { mediator: 'yes' }, 'mediator', /mediator seat/],
    ['a topic over the limit', { mediator: false, topic: 'x'.repeat(LIMITS.topicChars + 1) }, 'topic', /140 characters/],
    ['an empty carried-forward commitment', { mediator: false, carriedForward: ['  '] }, 'carriedForward.0', /cannot be empty/],
    ['too many carried-forward commitments', { mediator: false, carriedForward: Array(11).fill('Walk on Sundays') }, 'carriedForward', /at most 10/],
    ['a field it does not take', { mediator: false, seats: 5 }, 'body', /takes only mediator, topic, carriedForward, offLimits and settings \(not seats\)/],
  ])('refuses %s, naming the field and what to do', async (_name, body, field, message) => {
    const res = await create(JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bad_payload', field });
    expect(res.body.error!.message).toMatch(message);
  });

  it('answers a body that is not JSON with a coded error and no stack trace', async () => {
    const res = await create('{"mediator": fals');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'bad_payload', message: 'The request was not understood.' } });
  });

  it('creates a room from a good body', async () => {
    const res = await create(JSON.stringify({ mediator: true, topic: 'Evenings', carriedForward: ['Walk on Sundays'] }));
    expect(res.status).toBe(201);
  });
});

describe('links for phones on the same network', () => {
  const lan = { lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }], wlan0: [{ address: 'fe80::1', family: 'IPv6', internal: false }, { address: '10.1.2.3', family: 'IPv4', internal: false }] } as never;

  it.each([
    ['every address (HOST=0.0.0.0)', '0.0.0.0', 'http://10.1.2.3:3000'],
    ['loopback only', '127.0.0.1', null],
  ])('knows the address phones can open when listening on %s', (_name, host, origin) => {
    expect(reachableOrigin(host, 3000, lan)).toBe(origin);
    expect(reachableOrigin(host, 3000, { lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }] } as never)).toBeNull();
  });

  it('hands out links on the network address, not localhost, when listening on every address', async () => {
    const server = await startTalkRoom({ port: 0, host: '0.0.0.0', clock: systemClock });
    try {
      const port = new URL(server.url).port;
      const onNetwork = reachableOrigin('0.0.0.0', Number(port), networkInterfaces());
      // Created from this computer's own browser, at localhost (only loopback is ever contacted here).
      const res = await fetch(`http://127.0.0.1:${port}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"mediator":false}' });
      const { links } = (await res.json()) as { links: Record<string, string> };
      expect(new URL(links.A!).origin).toBe(onNetwork ?? `http://127.0.0.1:${port}`);
      expect(server.url).toBe(onNetwork ?? `http://localhost:${port}`);
      if (onNetwork) expect(links.B).not.toMatch(/localhost|127\.0\.0\.1/);
    } finally {
      await server.close();
    }
  });
});
