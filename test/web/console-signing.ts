// The browser's part of a console signature, played by the test: the document the console prepares for the
// page, signed in the test process with a key of the organisation registered through the API (the desk
// never holds it), then the form page read again so that the next post carries its CSRF token.
import { expect } from 'vitest';
import { type PartnerKey, signAs } from '../support/partner-keys';
import type { ConsoleClient } from './console-client';

export async function consoleSignature(
  client: ConsoleClient,
  documentPath: string,
  formPath: string,
  key: PartnerKey,
  add: Record<string, unknown> = {},
): Promise<string> {
  const prepared = await client.get(documentPath, { accept: 'application/json' });
  expect(prepared.status, prepared.html).toBe(200);
  const { typ, document } = JSON.parse(prepared.html) as { typ: string; document: Record<string, unknown> };
  const signature = await signAs(key, typ, { ...document, ...add });
  await client.get(formPath);
  return signature;
}
