import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PiiConfig } from '@app/config';

/** Leading byte of every ciphertext, so a future key rotation can tell old rows from new ones. */
const KEY_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for resident ID numbers at rest, and a keyed HMAC so equal numbers can be found by
 * index without ever storing or comparing them in clear.
 */
@Injectable()
export class PiiCipher {
  private readonly key: Buffer;
  private readonly hmacKey: Buffer;

  constructor(config: PiiConfig) {
    this.key = Buffer.from(config.encryptionKey, 'base64');
    this.hmacKey = Buffer.from(config.hmacKey, 'utf8');
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([KEY_VERSION]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer): string {
    if (sealed[0] !== KEY_VERSION) throw new Error(`Unknown PII key version ${sealed[0]}`);
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  lookupHash(plain: string): Buffer {
    return createHmac('sha256', this.hmacKey).update(plain, 'utf8').digest();
  }
}
