import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A secret as stored: AES-256-GCM ciphertext, its 96-bit nonce and its 128-bit tag. */
export interface SealedSecret {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
}

const ALGORITHM = 'aes-256-gcm';

/**
 * Encrypts with a fresh random nonce each time (GCM must never reuse one under a key).
 * `context` is bound as additional data, so a ciphertext copied to another row (another
 * provider) fails to decrypt instead of quietly becoming that provider's key.
 */
export function sealSecret(key: Buffer, plaintext: string, context: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { ciphertext, iv, tag: cipher.getAuthTag() };
}

/** The plaintext, or undefined when the key is wrong or the stored parts were altered. */
export function openSecret(key: Buffer, sealed: SealedSecret, context: string): string | undefined {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, sealed.iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
