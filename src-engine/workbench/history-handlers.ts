// The history service behind the contract: one handler per `history.*` and
// `labels.*` method (params arrive validated by the contract server).
import type { ContractHandlers } from '../host/contract-server.js';
import type { HistoryMethod } from '../../src-shared/history-methods.js';
import type { HistoryService } from './history-service.js';

export function historyHandlers(service: HistoryService): ContractHandlers<HistoryMethod> {
  return {
    'history.query': (p) => service.query(p),
    'history.count': (p) => service.count(p.filter),
    'history.frame': (p) => service.frame(p.frameId),
    'history.picture': (p) => service.picture(p.frameId),
    'history.thumbnails': (p) => service.thumbnails(p.frameIds),
    'history.import': (p) => service.import(p.folder),
    'history.export': (p) => service.export(p.format, p.out, p.filter),
    'history.whatif': (p) => service.whatIf(p.recipe, p.filter, p.limit),
    'history.whatifResult': (p) => service.whatIfResult(p.jobId),
    'history.cancel': (p) => service.cancel(p.jobId),
    'history.jobs': () => service.listJobs(),
    'labels.set': (p) => service.setLabel(p),
    'labels.outline': (p) => service.setOutline(p),
    'labels.classes': () => service.classes(),
    'labels.setClasses': (p) => service.setClasses(p.classes),
  };
}
