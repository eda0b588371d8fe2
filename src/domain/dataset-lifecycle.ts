// The dataset state machine: draft → published → retired; drafts and published datasets can be edited.

export const DATASET_STATUSES = ['draft', 'published', 'retired'] as const;
export type DatasetStatus = (typeof DATASET_STATUSES)[number];

export type DatasetAction = 'update' | 'publish' | 'retire';

const ALLOWED: Record<DatasetAction, readonly DatasetStatus[]> = {
  update: ['draft', 'published'],
  publish: ['draft'],
  retire: ['published'],
};

export function canApply(action: DatasetAction, from: DatasetStatus): boolean {
  return ALLOWED[action].includes(from);
}

export function nextStatus(action: DatasetAction, from: DatasetStatus): DatasetStatus {
  if (action === 'publish') return 'published';
  if (action === 'retire') return 'retired';
  return from;
}
