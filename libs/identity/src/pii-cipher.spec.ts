import { PiiCipher } from './pii-cipher';

const cipher = new PiiCipher({
  encryptionKey: Buffer.alloc(32, 7).toString('base64'),
  hmacKey: 'a-test-hmac-key-that-is-long-enough-123',
});

describe('PiiCipher', () => {
  it('round-trips and never produces the same ciphertext twice', () => {
    const first = cipher.encrypt('11010519491231002X');
    const second = cipher.encrypt('11010519491231002X');
    expect(first.equals(second)).toBe(false);
    expect(first.toString('latin1')).not.toContain('11010519491231002X');
    expect(cipher.decrypt(first)).toBe('11010519491231002X');
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = cipher.encrypt('11010519491231002X');
    sealed[sealed.length - 1] ^= 0xff;
    expect(() => cipher.decrypt(sealed)).toThrow();
  });

  it('gives equal lookup hashes for equal numbers only', () => {
    expect(cipher.lookupHash('11010519491231002X').equals(cipher.lookupHash('11010519491231002X'))).toBe(
      true,
    );
    expect(cipher.lookupHash('11010519491231002X').equals(cipher.lookupHash('110105194912310037'))).toBe(
      false,
    );
  });
});
