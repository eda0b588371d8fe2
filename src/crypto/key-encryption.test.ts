import { describe, expect, it } from 'vitest';
import { importKeyEncryptionKey, newKeyEncryptionKey, open, seal } from './key-encryption';

describe('key encryption', () => {
  it('round-trips and binds the context', async () => {
    const kek = (await importKeyEncryptionKey(newKeyEncryptionKey()))!;
    const sealed = await seal(kek, '{"d":"secret"}', 'kid-1');
    expect(sealed).not.toContain('secret');
    expect(await open(kek, sealed, 'kid-1')).toBe('{"d":"secret"}');
    await expect(open(kek, sealed, 'kid-2')).rejects.toThrow();
    const other = (await importKeyEncryptionKey(newKeyEncryptionKey()))!;
    await expect(open(other, sealed, 'kid-1')).rejects.toThrow();
  });

  it('refuses a key that is not 32 bytes of base64url', async () => {
    expect(await importKeyEncryptionKey('short')).toBeUndefined();
    expect(await importKeyEncryptionKey('!!!')).toBeUndefined();
  });
});
