// The desk's command line: migrate, seed-demo, token, validate, import.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadOrCreateDevIssuerKey } from '../adapters/dev-secrets';
import { createNodeDesk, openNodeDatabase } from '../adapters/node-desk';
import { ConfigError, parseConfig } from '../config/config';
import { mintDevToken } from '../crypto/dev-issuer';
import { newKeyEncryptionKey } from '../crypto/key-encryption';
import { seedDemo } from '../demo/seed';
import { accessPolicies } from '../policies/access-policies';
import { importCatalogDocument } from '../services/catalog-export';
import { loadPrincipal } from '../services/identity';
import { rotateSigningKeys } from '../services/signing-keys';
import { formatViolations, validateDescriptor } from '../validation/descriptor-validation';

const USAGE = `usage: npm run cli -- <command>

  migrate                       apply database migrations
  seed-demo                     seed the demo cast on an empty database
  token --sub <subject> [--ttl <seconds>]
                                mint a dev-issuer token (development without OIDC only)
  validate <descriptor.json>    check a dataset descriptor offline against the schema
  new-kek                       print a new key-encryption key for PHOENIX_KEY_ENCRYPTION_KEY
  rotate-keys                   add a new active signing key; the old one stays published until its
                                tokens have expired
  import <file> --provider <organisation id> --as <subject> [--desk <desk id>]
                                import HealthDCAT-AP (Turtle .ttl or JSON-LD .jsonld) as drafts
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      sub: { type: 'string' },
      ttl: { type: 'string' },
      provider: { type: 'string' },
      desk: { type: 'string' },
      as: { type: 'string' },
    },
  });
  switch (command) {
    case 'validate': {
      const file = positionals[0];
      if (!file) return fail('validate needs a file');
      let input: unknown;
      try {
        input = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        return fail(`${file}: not readable JSON (${(e as Error).message})`);
      }
      const result = validateDescriptor(input);
      if (result.ok) {
        console.log(`${file}: valid dataset descriptor`);
        return 0;
      }
      console.error(
        `${file}: ${result.violations.length} violation(s)\n${formatViolations(result.violations)}`,
      );
      return 1;
    }
    case 'rotate-keys': {
      const config = parseConfig(process.env);
      const desk = await createNodeDesk(config);
      try {
        // Anything signed lives at most as long as the longest visa lifetime of any policy.
        const keep = Math.max(...[...accessPolicies().values()].map((p) => p.visaLifetimeHours));
        const { kid, retired } = await rotateSigningKeys(desk.services, keep);
        console.log(`active signing key: ${kid}`);
        for (const r of retired) console.log(`retired ${r}; published for ${keep} more hours`);
        return 0;
      } finally {
        await desk.database.close();
      }
    }
    case 'new-kek':
      console.log(newKeyEncryptionKey());
      return 0;
    case 'token': {
      const config = parseConfig(process.env);
      if (!config.devIssuer)
        return fail('token: the dev issuer is off (production or OIDC settings are present)');
      if (!values.sub) return fail('token needs --sub <subject>, e.g. --sub demo-editor-pasteur');
      const key = await loadOrCreateDevIssuerKey(config.dataDir);
      const ttl = values.ttl ? Number(values.ttl) : undefined;
      if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 60 || ttl > 86_400 * 30)) {
        return fail('--ttl must be whole seconds between 60 and 2592000');
      }
      console.log(
        await mintDevToken(key, {
          subject: values.sub,
          audience: config.devIssuer.audience,
          ...(ttl ? { ttlSeconds: ttl } : {}),
        }),
      );
      return 0;
    }
    case 'migrate': {
      const config = parseConfig(process.env);
      const database = await openNodeDatabase(config);
      await database.migrate();
      await database.close();
      console.log(`migrations applied (${database.kind})`);
      return 0;
    }
    case 'seed-demo': {
      const config = parseConfig(process.env);
      if (!config.devIssuer)
        return fail('seed-demo: the demo cast belongs to the dev issuer, which is off here');
      const desk = await createNodeDesk(config);
      const result = await seedDemo(desk.services, config.devIssuer.issuer);
      await desk.database.close();
      console.log(
        result.seeded
          ? `seeded the demo cast and ${result.datasets} datasets`
          : 'database not empty: nothing seeded',
      );
      return 0;
    }
    case 'import': {
      const file = positionals[0];
      if (!file || !values.provider || !values.as)
        return fail('import needs <file> --provider <id> --as <subject>');
      const config = parseConfig(process.env);
      const desk = await createNodeDesk(config);
      try {
        const issuer = config.devIssuer?.issuer ?? config.oidc!.issuer;
        const principal = await loadPrincipal(desk.services, issuer, values.as);
        const contentType = /\.(jsonld|json)$/i.test(file) ? 'application/ld+json' : 'text/turtle';
        process.stderr.write(`importing ${file}…\n`);
        const result = await importCatalogDocument(desk.services, principal, {
          providerId: values.provider,
          deskId: values.desk,
          body: readFileSync(file, 'utf8'),
          contentType,
        });
        if (!result.ok) {
          const v = result.problem.violations;
          return fail(`${result.problem.message}${v ? `\n${formatViolations(v)}` : ''}`);
        }
        for (const r of result.value) {
          console.log(
            `${r.dataset.id}  ${r.sourceUri}${r.warnings.length ? `  (${r.warnings.length} warnings)` : ''}`,
          );
          for (const w of r.warnings) console.log(`    warning: ${w}`);
        }
        return 0;
      } finally {
        await desk.database.close();
      }
    }
    default:
      process.stdout.write(USAGE);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}

function fail(message: string): number {
  console.error(message);
  return 1;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(2);
  });
