import { createCipheriv, createDecipheriv, type KeyObject, randomBytes } from 'node:crypto';
import { Sealing } from '../../shared/protocol/sealing';

/**
 * A sealed text or key that does not open: changed, moved from another room or field, or sealed
 * under another key. It never says which, and nothing of it is read.
 */
export class SealError extends Error {
  readonly code = 'seal_broken' as const;
  constructor() {
    super('A sealed text did not open: it was changed, or it belongs to another room or field. Nothing was read from it.');
    this.name = 'SealError';
  }
}

const ALGORITHM = 'aes-256-gcm';

/**
 * Random IVs, drawn from the system's CSPRNG a few hundred at a time: one call per seal cost
 * about a third of the seal. Each IV is used once (an IV is not secret, only never repeated).
 */
const IVS_PER_DRAW = 256;
let ivPool = randomBytes(0);
let ivAt = 0;
function freshIv(): Buffer {
  if (ivAt + Sealing.ivBytes > ivPool.length) {
    ivPool = randomBytes(Sealing.ivBytes * IVS_PER_DRAW);
    ivAt = 0;
  }
  return ivPool.subarray(ivAt, (ivAt += Sealing.ivBytes));
}

/** AES-256-GCM with a fresh random IV, bound to `aad`: `base64url(iv ‖ ciphertext ‖ tag)`. */
export function sealBytes(key: KeyObject, plain: Buffer, aad: string): string {
  const iv = freshIv();
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: Sealing.tagBytes });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = cipher.update(plain);
  const last = cipher.final();
  return Buffer.concat([iv, body, last, cipher.getAuthTag()]).toString('base64url');
}

/** Opens what `sealBytes` made under the same key and `aad`, or throws `SealError`. */
export function openBytes(key: KeyObject, sealed: string, aad: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < Sealing.ivBytes + Sealing.tagBytes) throw new SealError();
  const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(0, Sealing.ivBytes), { authTagLength: Sealing.tagBytes });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - Sealing.tagBytes));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(Sealing.ivBytes, bytes.length - Sealing.tagBytes)), decipher.final()]);
  } catch {
    throw new SealError();
  }
}
