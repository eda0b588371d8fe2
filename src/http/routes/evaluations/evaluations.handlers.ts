// Handlers of desk evaluations.
import * as disputes from '../../../services/evaluation-disputes';
import { listOwnEvaluations } from '../../../services/evaluation-lists';
import * as signatures from '../../../services/evaluation-signatures';
import * as evaluations from '../../../services/evaluations';
import type { AppHandler } from '../../context';
import { etagOf, expectedVersion, requirePrincipal, unwrap } from '../../respond';
import type * as R from './evaluations.routes';

export const openEvaluation: AppHandler<typeof R.openEvaluation> = async (c) => {
  const view = unwrap(
    await evaluations.openEvaluation(
      c.get('services'),
      requirePrincipal(c),
      c.req.valid('param').id,
      c.req.valid('json'),
    ),
  );
  return c.json(view, 201, { location: `/v1/evaluations/${view.id}`, etag: etagOf(view.version) });
};

export const listEvaluations: AppHandler<typeof R.listEvaluations> = async (c) =>
  c.json({ items: await listOwnEvaluations(c.get('services'), requirePrincipal(c)) }, 200);

export const getEvaluation: AppHandler<typeof R.getEvaluation> = async (c) => {
  const view = unwrap(
    await evaluations.getEvaluation(c.get('services'), requirePrincipal(c), c.req.valid('param').id),
  );
  return c.json(view, 200, { etag: etagOf(view.version) });
};

export const scoreEvaluation: AppHandler<typeof R.scoreEvaluation> = async (c) => {
  const version = expectedVersion(c);
  const view = unwrap(
    await evaluations.scoreEvaluation(
      c.get('services'),
      requirePrincipal(c),
      c.req.valid('param').id,
      version,
      c.req.valid('json').scores,
    ),
  );
  return c.json(view, 200, { etag: etagOf(view.version) });
};

export const evaluationSigningDocument: AppHandler<typeof R.evaluationSigningDocument> = async (c) =>
  c.json(
    unwrap(
      await signatures.evaluationSigningDocument(
        c.get('services'),
        requirePrincipal(c),
        c.req.valid('param').id,
      ),
    ),
    200,
  );

export const countersigningDocument: AppHandler<typeof R.countersigningDocument> = async (c) =>
  c.json(
    unwrap(
      await signatures.countersigningDocument(
        c.get('services'),
        requirePrincipal(c),
        c.req.valid('param').id,
        c.req.valid('query').organization,
      ),
    ),
    200,
  );

export const submitEvaluation: AppHandler<typeof R.submitEvaluation> = async (c) =>
  c.json(
    unwrap(
      await signatures.submitEvaluation(
        c.get('services'),
        requirePrincipal(c),
        c.req.valid('param').id,
        c.req.valid('json').signature,
      ),
    ),
    200,
  );

export const countersignEvaluation: AppHandler<typeof R.countersignEvaluation> = async (c) =>
  c.json(
    unwrap(
      await signatures.countersignEvaluation(
        c.get('services'),
        requirePrincipal(c),
        c.req.valid('param').id,
        c.req.valid('json').signature,
      ),
    ),
    200,
  );

export const scorecard: AppHandler<typeof R.scorecard> = async (c) =>
  c.json(unwrap(await evaluations.deskScorecard(c.get('services'), c.req.valid('param').id)), 200);

export const chart: AppHandler<typeof R.chart> = async (c) => {
  const svg = unwrap(
    await evaluations.evaluationChart(
      c.get('services'),
      requirePrincipal(c),
      c.req.valid('param').id,
      c.req.valid('query').lang,
    ),
  );
  return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8' });
};

export const disputeEvaluation: AppHandler<typeof R.disputeEvaluation> = async (c) =>
  c.json(
    unwrap(
      await disputes.disputeEvaluation(
        c.get('services'),
        requirePrincipal(c),
        c.req.valid('param').id,
        c.req.valid('json').criteria,
        c.req.valid('json').signature,
      ),
    ),
    201,
  );

export const getDispute: AppHandler<typeof R.getDispute> = async (c) =>
  c.json(
    unwrap(await disputes.getDispute(c.get('services'), requirePrincipal(c), c.req.valid('param').id)),
    200,
  );

export const answerDispute: AppHandler<typeof R.answerDispute> = async (c) =>
  c.json(
    unwrap(
      await disputes.answerDispute(
        c.get('services'),
        requirePrincipal(c),
        c.req.valid('param').id,
        c.req.valid('json').answer,
      ),
    ),
    200,
  );

export const reviseEvaluation: AppHandler<typeof R.reviseEvaluation> = async (c) =>
  c.json(
    unwrap(await disputes.reviseEvaluation(c.get('services'), requirePrincipal(c), c.req.valid('param').id)),
    201,
  );

export const evaluationHistory: AppHandler<typeof R.evaluationHistory> = async (c) => {
  const items = unwrap(
    await disputes.evaluationHistory(c.get('services'), requirePrincipal(c), c.req.valid('param').id),
  );
  return c.json({ items }, 200);
};
