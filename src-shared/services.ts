// Which process serves which part of the contract. The live engine keeps the
// live loop; training runs in a process of its own, and the offline work
// (review, labels, import/export, what-if, the run monitor) in the workbench's,
// so none of it can slow the line. Hosts route each request by its namespace, and the
// renderer never needs to know which process answers.
import type { RequestMethod } from './messages.js';

export const SERVICE_NAMES = ['engine', 'trainer', 'workbench'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** What a person is told when a service's process is not there. */
export const SERVICE_LABELS: Record<ServiceName, string> = {
  engine: 'the inspection engine',
  trainer: 'the trainer',
  workbench: 'the workbench (review, labels, run monitor)',
};

const BY_NAMESPACE: Record<string, ServiceName> = {
  train: 'trainer',
  runs: 'workbench',
  history: 'workbench',
  labels: 'workbench',
};

/** The service that answers `method`: by its namespace (`train.start` → trainer), the engine otherwise. */
export function serviceOf(method: RequestMethod | string): ServiceName {
  const dot = method.indexOf('.');
  return (dot > 0 ? BY_NAMESPACE[method.slice(0, dot)] : undefined) ?? 'engine';
}
