// Handlers of the evaluation grids.

import { Problem } from '../../../domain/problem';
import { gridDocument, gridDocuments } from '../../../policies/evaluation-grids';
import type { AppHandler } from '../../context';
import type * as R from './grids.routes';

export const listGrids: AppHandler<typeof R.listGrids> = async (c) =>
  c.json({ items: await gridDocuments() }, 200);

export const getGrid: AppHandler<typeof R.getGrid> = async (c) => {
  const grid = await gridDocument(c.req.valid('param').id);
  if (!grid) throw new Problem('not_found', 'no such grid');
  // A grid version never changes: its digest is a strong validator.
  const etag = `"${grid.sha256}"`;
  const cached = c.req.header('if-none-match');
  if (cached?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return c.body(null, 304, { etag });
  }
  return c.json(grid, 200, { etag });
};
