// Handlers of harvest sources and runs.
import * as sources from '../../../services/harvest-sources';
import { runHarvest } from '../../../services/harvester';
import type { AppHandler } from '../../context';
import { etagOf, expectedVersion, requirePrincipal, unwrap } from '../../respond';
import type * as R from './harvest.routes';

export const listHarvestSources: AppHandler<typeof R.listHarvestSources> = async (c) => {
  const items = unwrap(await sources.listHarvestSources(c.get('services'), requirePrincipal(c)));
  return c.json({ items }, 200);
};

export const createHarvestSource: AppHandler<typeof R.createHarvestSource> = async (c) => {
  const created = unwrap(
    await sources.createHarvestSource(c.get('services'), requirePrincipal(c), c.req.valid('json')),
  );
  return c.json(created, 201, { etag: etagOf(created.version) });
};

export const getHarvestSource: AppHandler<typeof R.getHarvestSource> = async (c) => {
  const found = unwrap(
    await sources.getHarvestSource(c.get('services'), requirePrincipal(c), c.req.valid('param').id),
  );
  return c.json(found, 200, { etag: etagOf(found.version) });
};

export const updateHarvestSource: AppHandler<typeof R.updateHarvestSource> = async (c) => {
  const version = expectedVersion(c);
  const changed = unwrap(
    await sources.changeHarvestSource(
      c.get('services'),
      requirePrincipal(c),
      c.req.valid('param').id,
      version,
      c.req.valid('json'),
    ),
  );
  return c.json(changed, 200, { etag: etagOf(changed.version) });
};

export const deleteHarvestSource: AppHandler<typeof R.deleteHarvestSource> = async (c) => {
  unwrap(await sources.disableHarvestSource(c.get('services'), requirePrincipal(c), c.req.valid('param').id));
  return c.body(null, 204);
};

export const runHarvestSource: AppHandler<typeof R.runHarvestSource> = async (c) => {
  const principal = requirePrincipal(c);
  const id = c.req.valid('param').id;
  // Checked first: only platform admins learn whether the source exists.
  unwrap(await sources.getHarvestSource(c.get('services'), principal, id));
  const run = unwrap(
    await runHarvest(c.get('services'), id, { trigger: 'manual', actorId: principal.userId }),
  );
  return c.json(run, 201);
};

export const listHarvestRuns: AppHandler<typeof R.listHarvestRuns> = async (c) => {
  const items = unwrap(
    await sources.listHarvestRuns(c.get('services'), requirePrincipal(c), c.req.valid('param').id),
  );
  return c.json({ items }, 200);
};
