// AES-256-GCM for one secret value: a fresh 12-byte IV per value, and the secret's name as associated
// data (a value moved under another name fails to decrypt, as an altered one does).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedValue {
  /** base64 */
  iv: string;
  /** base64 GCM authentication tag. */
  tag: string;
  /** base64 ciphertext. */
  data: string;
}

export function sealValue(key: Buffer, name: string, value: string): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(name));
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** The value, or undefined when it does not decrypt (altered, moved, or sealed with another key). */
export function openValue(key: Buffer, name: string, sealed: SealedValue): string | undefined {
  try {
    const iv = Buffer.from(sealed.iv, 'base64');
    const tag = Buffer.from(sealed.tag, 'base64');
    // A shortened tag would be accepted by GCM with weaker authentication: only the full 16 bytes are.
    if (iv.length !== 12 || tag.length !== 16) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }).setAAD(Buffer.from(name));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
