// The engine's `production.*` requests, answered by the live production line
// when the engine has a data folder, and refused with the reason when not.
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { ProductionMethod } from '../../src-shared/production-contract.js';
import type { LiveProduction, ProductionEvents } from '../production/live-production.js';
import type { ParsedParams } from './inbound.js';

type ProductionHandlers = { [M in ProductionMethod]: (params: ParsedParams<M>) => Result<unknown> };

const NO_DATA_FOLDER = fail(
  'bad-request',
  'lots, shift counters and alarms need a data folder (start the engine with LOUPE_DATA_DIR set); nothing is being counted',
);

/** `changed` runs after anything that changes the production status, so clients see it at once. */
export function productionHandlers(production: () => LiveProduction | null, events: ProductionEvents, changed: () => void): ProductionHandlers {
  const withLine = <T>(run: (line: LiveProduction) => Result<T>): Result<T> => {
    const line = production();
    if (!line) return NO_DATA_FOLDER;
    const result = run(line);
    if (result.ok) changed();
    return result;
  };
  return {
    'production.status': () => {
      const line = production();
      if (!line) return NO_DATA_FOLDER;
      const status = line.status();
      return status ? ok(status) : fail('internal', 'the lot and shift counters cannot be read from the production database (see the engine log)');
    },
    'production.startLot': (params) => withLine((line) => line.startLot(params)),
    'production.endLot': () => withLine((line) => line.endLot()),
    'production.ackAlarm': (params) => withLine((line) => line.acknowledgeAlarm(params.alarmId, params.by, events)),
    'production.report': (params) => withLine((line) => line.writeReport(params.shiftKey)),
    'production.alarmConfig': (params) => withLine((line) => line.alarmConfig(params.config)),
  };
}
