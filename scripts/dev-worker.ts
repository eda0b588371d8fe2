// `npm run dev:worker`: migrate the local PostgreSQL, seed the demo, then run the Worker in workerd.
//   DATABASE_URL defaults to postgres://postgres:postgres@127.0.0.1:5432/phoenix_desk; the database is created if missing.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/phoenix_desk';
const dataDir = process.env.PHOENIX_DATA_DIR ?? join(root, '.data-worker');
const env = { ...process.env, DATABASE_URL: databaseUrl, PHOENIX_DATA_DIR: dataDir };
const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
  });

// Create the database on first use, so a fresh machine needs nothing but a running PostgreSQL.
{
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
      console.log(`created database ${name}`);
    }
  } finally {
    await admin.end();
  }
}
cli('migrate');
cli('seed-demo');
const devKey = JSON.stringify(JSON.parse(readFileSync(join(dataDir, 'dev-issuer.jwk.json'), 'utf8')));
const url = new URL(databaseUrl);
if (!url.password) url.password = 'unused'; // Hyperdrive's local mode wants one; trust auth ignores it
console.log(
  `Worker over ${url.host}${url.pathname}; mint tokens with: PHOENIX_DATA_DIR=${dataDir} npm run cli -- token --sub demo-editor-pasteur`,
);
const child = spawn(
  process.execPath,
  [
    join(root, 'node_modules/wrangler/bin/wrangler.js'),
    'dev',
    '--env',
    '',
    '--var',
    `DEV_ISSUER_JWK:${devKey}`,
    '--var',
    `PHOENIX_KEY_ENCRYPTION_KEY:${readFileSync(join(dataDir, 'key-encryption.key'), 'utf8').trim()}`,
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: url.toString() },
  },
);
child.on('exit', (code) => process.exit(code ?? 0));
