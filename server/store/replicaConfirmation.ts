import { performance } from 'node:perf_hooks';
import { isCluster, type RedisCluster, type RedisConnection } from './redisConnection';

/** A write reached a primary, but no replica confirmed it in time: retry it with the same command id. */
export class ReplicationUnconfirmedError extends Error {
  override readonly name = 'ReplicationUnconfirmedError';
  readonly code = 'replication_unconfirmed';
  constructor() {
    super('No replica confirmed the write in time. Retry it with the same command id: it is applied once either way.');
  }
}

/** How long a primary may take to hear from its replica before a write counts as unconfirmed. */
const WAIT_MS = 500;
/** A primary found with no replica is asked again (a cheap INFO, not a WAIT) after this long. */
const NO_REPLICA_RECHECK_MS = 1000;

type NodeClient = { sendCommand(args: string[]): Promise<unknown> };

/** What is known of one primary's replicas, and the WAIT now on its connection, if any. */
interface PrimaryState {
  replicas: number | null;
  checkedAt: number;
  inFlight: Promise<void> | null;
  next: Promise<void> | null;
}

/**
 * Confirms that a write is held by a replica as well as by its primary (Redis replicates
 * asynchronously, and a failover promotes a replica: whatever it had not received is gone).
 * On a cluster, after the write, `WAIT 1` on the same connection to the key's primary: it covers
 * every write that connection sent before it, so writes confirmed together share one WAIT (while
 * one is out, the next batch waits for it and then sends one of its own), and a WAIT never
 * holds the connection for more than one replica round trip. A primary with no replica at all
 * (its replica died, or it was just promoted) has no failover to lose the write to, so the write
 * is taken as it is, and the primary is not sent WAITs (each would block its connection for
 * `WAIT_MS`) until INFO shows a replica again. A single Redis (`REDIS_URL`) has no failover:
 * nothing to wait for.
 */
export class ReplicaConfirmation {
  readonly #client: RedisConnection;
  readonly #primaries = new WeakMap<object, PrimaryState>();

  constructor(client: RedisConnection) {
    this.#client = client;
  }

  /** The connection a key's writes go through now; compare before and after a write to see that the key did not move meanwhile. */
  async nodeOf(key: string): Promise<object | null> {
    return isCluster(this.#client) ? this.#primaryOf(this.#client, key) : null;
  }

  async #primaryOf(cluster: RedisCluster, key: string): Promise<NodeClient> {
    return (await cluster._slots.getClientAndSlotNumber(key, false)).client;
  }

  /** Resolves once a replica holds the write made through `node` (from `nodeOf` before the write); throws `ReplicationUnconfirmedError` otherwise. */
  async confirm(key: string, node: object | null): Promise<void> {
    if (!isCluster(this.#client)) return;
    const now = await this.#primaryOf(this.#client, key);
    // The slot moved to another primary meanwhile (a failover): the write may be on the old one only.
    if (now !== node) throw new ReplicationUnconfirmedError();
    let state = this.#primaries.get(now);
    if (!state) this.#primaries.set(now, (state = { replicas: null, checkedAt: 0, inFlight: null, next: null }));
    return this.#batch(now, state);
  }

  #batch(node: NodeClient, state: PrimaryState): Promise<void> {
    if (state.next) return state.next;
    const send = () => (state.inFlight = this.#waitOnce(node, state).finally(() => (state.inFlight = null)));
    if (!state.inFlight) return send();
    // The WAIT out now may have left before these writes: the next one, after it, covers them all.
    return (state.next = state.inFlight
      .catch(() => undefined)
      .then(() => {
        state.next = null;
        return send();
      }));
  }

  async #waitOnce(node: NodeClient, state: PrimaryState): Promise<void> {
    if (state.replicas === 0) {
      if (performance.now() - state.checkedAt < NO_REPLICA_RECHECK_MS) return;
      if ((await this.#countReplicas(node, state)) === 0) return;
    }
    const acked = Number(await node.sendCommand(['WAIT', '1', String(WAIT_MS)]));
    if (acked >= 1) return;
    if ((await this.#countReplicas(node, state)) === 0) return;
    throw new ReplicationUnconfirmedError();
  }

  async #countReplicas(node: NodeClient, state: PrimaryState): Promise<number> {
    const info = String(await node.sendCommand(['INFO', 'replication']));
    state.replicas = Number(/connected_slaves:(\d+)/.exec(info)?.[1] ?? 0);
    state.checkedAt = performance.now();
    return state.replicas;
  }
}
