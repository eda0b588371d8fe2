// A small OpenID provider for tests, on a loopback port: discovery, an authorisation endpoint that signs in
// whoever `login_hint` (or `signedIn`) names (a real provider would ask them), a token endpoint that checks the client, the
// redirect URI and the PKCE verifier (S256) and spends each code once, and the keys of its ID tokens (JWKS).
// Tests can bend its next answers (another nonce, issuer or audience) to check that the desk refuses them.
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface OidcProviderOptions {
  clientId: string;
  /** Absent: a public client (PKCE only); present: client_secret_post or client_secret_basic required. */
  clientSecret?: string;
  /** The redirect URIs registered for the client. */
  redirectUris: string[];
  /** Say so in discovery and add `iss` to the redirect back (RFC 9207); on by default. */
  issParameter?: boolean;
  /** The issuer the discovery document names, when it must differ from the provider's own URL. */
  discoveryIssuer?: string;
}

/** What the next ID token (or redirect) says instead of the truth, for one answer. */
export interface Tampering {
  nonce?: string;
  iss?: string;
  aud?: string;
  /** The `iss` parameter of the redirect back. */
  redirectIss?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string | undefined;
  subject: string;
  name: string | undefined;
  expiresAt: number;
  spent: boolean;
}

export interface OidcProvider {
  issuer: string;
  jwksUrl: string;
  /** Who is signed in at the provider, for an authorisation request without `login_hint` (a browser's). */
  signedIn: string | undefined;
  /** Names for subjects (the `name` claim). */
  names: Map<string, string>;
  /** Applied to the next authorisation and ID token only. */
  tamperNext(t: Tampering): void;
  /** The token requests refused so far, with the reason, for assertions. */
  refusals: string[];
  close(): Promise<void>;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');
const s256 = (verifier: string) => base64url(createHash('sha256').update(verifier).digest());

export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProvider> {
  const keys = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'test-idp-1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, IssuedCode>();
  const names = new Map<string, string>();
  const refusals: string[] = [];
  let tampering: Tampering = {};
  let issuer = '';

  const app = new Hono();
  app.get('/.well-known/openid-configuration', (c) =>
    c.json({
      issuer: options.discoveryIssuer ?? issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: options.clientSecret
        ? ['client_secret_post', 'client_secret_basic']
        : ['none'],
      scopes_supported: ['openid', 'profile'],
      authorization_response_iss_parameter_supported: options.issParameter !== false,
    }),
  );
  app.get('/jwks', (c) => c.json({ keys: [jwk] }));

  app.get('/authorize', (c) => {
    const q = (name: string) => c.req.query(name);
    const redirectUri = q('redirect_uri') ?? '';
    // Never redirect to a URI the client did not register (RFC 6749 4.1.2.1): answer here instead.
    if (q('client_id') !== options.clientId || !options.redirectUris.includes(redirectUri))
      return c.text('unknown client or redirect URI', 400);
    const back = new URL(redirectUri);
    const state = q('state');
    if (state) back.searchParams.set('state', state);
    if (options.issParameter !== false) back.searchParams.set('iss', tampering.redirectIss ?? issuer);
    tampering = { ...tampering, redirectIss: undefined };
    const subject = q('login_hint') ?? provider.signedIn;
    const problem =
      q('response_type') !== 'code'
        ? 'unsupported_response_type'
        : !q('scope')?.split(' ').includes('openid')
          ? 'invalid_scope'
          : q('code_challenge_method') !== 'S256' || !q('code_challenge')
            ? 'invalid_request'
            : !subject
              ? 'login_required'
              : undefined;
    if (problem) {
      back.searchParams.set('error', problem);
      return c.redirect(back.toString(), 302);
    }
    const code = base64url(randomBytes(24));
    codes.set(code, {
      clientId: options.clientId,
      redirectUri,
      challenge: q('code_challenge')!,
      nonce: q('nonce'),
      subject: subject!,
      name: names.get(subject!),
      expiresAt: Date.now() + 60_000,
      spent: false,
    });
    back.searchParams.set('code', code);
    return c.redirect(back.toString(), 302);
  });

  app.post('/token', async (c) => {
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
    const refuse = (error: string, why: string, status: 400 | 401 = 400) => {
      refusals.push(why);
      return c.json({ error, error_description: why }, status);
    };
    let clientId = field('client_id');
    let secret = field('client_secret');
    const basic = c.req.header('authorization');
    if (basic?.startsWith('Basic ')) {
      const [id, pass] = Buffer.from(basic.slice(6), 'base64').toString().split(':');
      clientId = decodeURIComponent(id ?? '');
      secret = decodeURIComponent(pass ?? '');
    }
    if (clientId !== options.clientId) return refuse('invalid_client', 'unknown client', 401);
    if (options.clientSecret !== undefined && secret !== options.clientSecret)
      return refuse('invalid_client', 'wrong client secret', 401);
    if (field('grant_type') !== 'authorization_code')
      return refuse('unsupported_grant_type', 'not a code grant');
    const code = codes.get(field('code') ?? '');
    if (!code) return refuse('invalid_grant', 'unknown code');
    if (code.spent) return refuse('invalid_grant', 'code already spent');
    code.spent = true;
    if (code.expiresAt <= Date.now()) return refuse('invalid_grant', 'code expired');
    if (code.clientId !== clientId) return refuse('invalid_grant', 'code of another client');
    if (field('redirect_uri') !== code.redirectUri) return refuse('invalid_grant', 'redirect URI differs');
    const verifier = field('code_verifier');
    if (!verifier || s256(verifier) !== code.challenge)
      return refuse('invalid_grant', 'code verifier does not match the challenge');
    const t = tampering;
    tampering = {};
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { sub: code.subject };
    if (code.name) claims.name = code.name;
    const nonce = t.nonce ?? code.nonce;
    if (nonce) claims.nonce = nonce;
    const idToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
      .setIssuer(t.iss ?? issuer)
      .setAudience(t.aud ?? clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + (t.expiresIn ?? 300))
      .sign(keys.privateKey);
    c.header('cache-control', 'no-store');
    return c.json({
      access_token: base64url(randomBytes(24)),
      token_type: 'Bearer',
      expires_in: 300,
      id_token: idToken,
      scope: 'openid profile',
    });
  });

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider: OidcProvider = {
    issuer,
    signedIn: undefined,
    jwksUrl: `${issuer}/jwks`,
    names,
    refusals,
    tamperNext(t) {
      tampering = t;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return provider;
}
