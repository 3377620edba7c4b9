import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/conversation';
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
    ['a field it does not take', { mediator: false, seats: 5 }, 'body', /takes only mediator, topic and carriedForward \(not seats\)/],
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
