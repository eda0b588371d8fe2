// Offers of datasets to desks run by another organisation: the provider offers, the desk's admins accept (the
// dataset moves onto the desk) or decline, and the provider may withdraw an offer still pending.
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Executor } from '../db/database';
import { datasetRevisions, datasets, deskOffers, desks } from '../db/schema';
import { inTransaction, type Work } from '../db/unit-of-work';
import type { DatasetStatus } from '../domain/dataset-lifecycle';
import { fail, type Outcome, succeed } from '../domain/problem';
import { type DatasetView, derivedColumns, toDatasetView } from './datasets';
import { type Deps, hasRole, orgsWithRole, type Principal } from './deps';

export const OFFER_STATES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type OfferState = (typeof OFFER_STATES)[number];

export interface DeskOfferView {
  id: string;
  deskId: string;
  state: OfferState;
  message: string | null;
  offeredBy: string;
  offeredAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  /** The dataset as it is now, drafts included: the desk's admins judge what they are asked to offer. */
  dataset: DatasetView;
}

type OfferRow = typeof deskOffers.$inferSelect;
type DeskRow = typeof desks.$inferSelect;
type DatasetRow = typeof datasets.$inferSelect;

interface Loaded {
  offer: OfferRow;
  desk: DeskRow;
  dataset: DatasetRow;
}

const toView = (deps: Deps, { offer, dataset }: Omit<Loaded, 'desk'>): DeskOfferView => ({
  id: offer.id,
  deskId: offer.deskId,
  state: offer.state as OfferState,
  message: offer.message,
  offeredBy: offer.offeredBy,
  offeredAt: offer.offeredAt.toISOString(),
  decidedBy: offer.decidedBy,
  decidedAt: offer.decidedAt?.toISOString() ?? null,
  reason: offer.reason,
  dataset: toDatasetView(deps, dataset),
});

/** Who deals with an offer: the desk's admins decide it, the provider's editors make or withdraw it. */
const sides = (p: Principal, { desk, dataset }: Pick<Loaded, 'desk' | 'dataset'>) => ({
  desk: hasRole(p, desk.operatorId, 'desk_admin'),
  provider: hasRole(p, dataset.providerId, 'editor'),
});

async function loadOffer(db: Executor, id: string, forUpdate = false): Promise<Loaded | undefined> {
  const query = db
    .select({ offer: deskOffers, desk: desks, dataset: datasets })
    .from(deskOffers)
    .innerJoin(desks, eq(desks.id, deskOffers.deskId))
    .innerJoin(datasets, eq(datasets.id, deskOffers.datasetId))
    .where(eq(deskOffers.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Moves the dataset onto the offer's desk: a new version and revision, written by the desk admin who took it. */
async function moveOnto(
  deps: Deps,
  { tx }: Work,
  principal: Principal,
  { desk, dataset }: Pick<Loaded, 'desk' | 'dataset'>,
): Promise<Outcome<DatasetRow>> {
  const now = deps.now();
  const status = dataset.status as DatasetStatus;
  const [moved] = await tx
    .update(datasets)
    .set({
      deskId: desk.id,
      version: sql`${datasets.version} + 1`,
      ...derivedColumns(dataset.descriptor, { providerId: dataset.providerId, deskId: desk.id, status }),
      updatedAt: now,
    })
    .where(and(eq(datasets.id, dataset.id), eq(datasets.version, dataset.version)))
    .returning();
  if (!moved) return fail('conflict', 'the dataset changed meanwhile; try again');
  await tx.insert(datasetRevisions).values({
    datasetId: moved.id,
    number: moved.version,
    status,
    descriptor: moved.descriptor,
    deskId: desk.id,
    change: `accepted by the desk ${desk.slug}`,
    authorId: principal.userId,
    createdAt: now,
  });
  return succeed(moved);
}

/**
 * Offers one of the caller's datasets to a desk. When the caller may place it there directly (the provider's
 * own desk, or a desk the caller administers) the offer is accepted at once.
 */
export async function offerDataset(
  deps: Deps,
  principal: Principal,
  input: { datasetId: string; deskId: string; message?: string | undefined },
): Promise<Outcome<DeskOfferView>> {
  return inTransaction(deps.db, principal.userId, deps.now, async (w) => {
    const [dataset] = await w.tx
      .select()
      .from(datasets)
      .where(eq(datasets.id, input.datasetId))
      .for('update');
    if (!dataset || !hasRole(principal, dataset.providerId, 'editor')) {
      return fail('validation_failed', 'only the provider’s editors offer a dataset', [
        { pointer: '/datasetId', message: 'no such dataset among those you edit' },
      ]);
    }
    const [desk] = await w.tx.select().from(desks).where(eq(desks.id, input.deskId));
    if (!desk)
      return fail('validation_failed', 'unknown desk', [{ pointer: '/deskId', message: 'no such desk' }]);
    if (dataset.status === 'retired') return fail('conflict', 'a retired dataset is offered through no desk');
    if (dataset.deskId === desk.id)
      return fail('conflict', 'the dataset is already offered through this desk');
    const now = deps.now();
    const direct =
      desk.operatorId === dataset.providerId || hasRole(principal, desk.operatorId, 'desk_admin');
    const [offer] = await w.tx
      .insert(deskOffers)
      .values({
        id: uuidv7(),
        datasetId: dataset.id,
        deskId: desk.id,
        state: direct ? 'accepted' : 'pending',
        message: input.message ?? null,
        offeredBy: principal.userId,
        offeredAt: now,
        ...(direct ? { decidedBy: principal.userId, decidedAt: now } : {}),
      })
      // The partial unique index allows one pending offer per dataset.
      .onConflictDoNothing()
      .returning();
    if (!offer)
      return fail('conflict', 'the dataset already has a pending offer; withdraw it before making another');
    w.audit({
      action: 'desk_offer.made',
      subjectType: 'desk_offer',
      subjectId: offer.id,
      payload: { datasetId: dataset.id, fromDeskId: dataset.deskId, direct },
      deskId: desk.id,
      audience: [dataset.providerId, desk.operatorId],
    });
    if (!direct) return succeed(toView(deps, { offer, dataset }));
    const moved = await moveOnto(deps, w, principal, { desk, dataset });
    if (!moved.ok) return moved;
    w.audit(decidedNote({ offer, desk, dataset }, moved.value));
    return succeed(toView(deps, { offer, dataset: moved.value }));
  });
}

function decidedNote({ offer, desk, dataset }: Loaded, moved?: DatasetRow) {
  return {
    action: `desk_offer.${moved ? 'accepted' : offer.state}`,
    subjectType: 'desk_offer',
    subjectId: offer.id,
    payload: {
      datasetId: dataset.id,
      ...(moved ? { fromDeskId: dataset.deskId, version: moved.version } : {}),
      ...(offer.reason ? { reason: offer.reason } : {}),
    },
    deskId: desk.id,
    audience: [dataset.providerId, desk.operatorId],
  };
}

type Decision = 'accept' | 'decline' | 'withdraw';
const DECIDED: Record<Decision, OfferState> = {
  accept: 'accepted',
  decline: 'declined',
  withdraw: 'withdrawn',
};

/** Accepts, declines or withdraws a pending offer; the desk's admins decide, the provider's editors withdraw. */
export async function decideOffer(
  deps: Deps,
  principal: Principal,
  id: string,
  decision: Decision,
  reason?: string,
): Promise<Outcome<DeskOfferView>> {
  return inTransaction(deps.db, principal.userId, deps.now, async (w) => {
    const loaded = await loadOffer(w.tx, id, true);
    const side = loaded && sides(principal, loaded);
    if (!loaded || !side || (!side.desk && !side.provider)) return fail('not_found', 'no such offer');
    if (decision === 'withdraw' ? !side.provider : !side.desk) {
      return fail(
        'forbidden',
        decision === 'withdraw'
          ? 'only the provider’s editors withdraw an offer'
          : 'only the desk’s admins accept or decline an offer',
      );
    }
    if (loaded.offer.state !== 'pending')
      return fail('conflict', `the offer is already ${loaded.offer.state}`);
    let dataset = loaded.dataset;
    if (decision === 'accept') {
      if (dataset.status === 'retired') return fail('conflict', 'the dataset was retired meanwhile');
      const moved = await moveOnto(deps, w, principal, loaded);
      if (!moved.ok) return moved;
      dataset = moved.value;
    }
    const [offer] = await w.tx
      .update(deskOffers)
      .set({
        state: DECIDED[decision],
        decidedBy: principal.userId,
        decidedAt: deps.now(),
        reason: reason ?? null,
      })
      .where(and(eq(deskOffers.id, id), eq(deskOffers.state, 'pending')))
      .returning();
    if (!offer) return fail('conflict', 'the offer changed meanwhile; read it again');
    w.audit(decidedNote({ ...loaded, offer }, decision === 'accept' ? dataset : undefined));
    return succeed(toView(deps, { offer, dataset }));
  });
}

export async function getOffer(
  deps: Deps,
  principal: Principal,
  id: string,
): Promise<Outcome<DeskOfferView>> {
  const loaded = await loadOffer(deps.db, id);
  const side = loaded && sides(principal, loaded);
  if (!loaded || !side || (!side.desk && !side.provider)) return fail('not_found', 'no such offer');
  return succeed(toView(deps, loaded));
}

/** The offers the caller deals with: to the desks they administer, and of the datasets they edit. */
export async function listOffers(
  deps: Deps,
  principal: Principal,
  query: {
    deskId?: string | undefined;
    datasetId?: string | undefined;
    state?: OfferState | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Outcome<{ items: DeskOfferView[]; nextCursor: string | null }>> {
  const deskAdminOf = orgsWithRole(principal, 'desk_admin');
  const editorOf = orgsWithRole(principal, 'editor');
  const visible = or(
    deskAdminOf.length ? inArray(desks.operatorId, deskAdminOf) : sql`false`,
    editorOf.length ? inArray(datasets.providerId, editorOf) : sql`false`,
  );
  const rows = await deps.db
    .select({ offer: deskOffers, dataset: datasets })
    .from(deskOffers)
    .innerJoin(desks, eq(desks.id, deskOffers.deskId))
    .innerJoin(datasets, eq(datasets.id, deskOffers.datasetId))
    .where(
      and(
        visible,
        query.deskId ? eq(deskOffers.deskId, query.deskId) : undefined,
        query.datasetId ? eq(deskOffers.datasetId, query.datasetId) : undefined,
        query.state ? eq(deskOffers.state, query.state) : undefined,
        // Newest first; the cursor is the last id seen (ids are time-ordered UUIDv7).
        query.cursor ? lt(deskOffers.id, query.cursor) : undefined,
      ),
    )
    .orderBy(desc(deskOffers.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map((r) => toView(deps, r));
  return succeed({ items, nextCursor: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null });
}
