// The production database's schema (lots, shift and lot counters, alarms), as
// ordered migrations keyed by SQLite's user_version. It lives in its own file,
// production.sqlite, so it never races the results store's migrations.
export const PRODUCTION_MIGRATIONS: readonly string[] = [
  // 1: lots, counters, alarms
  `
  CREATE TABLE lots (
    lot_id TEXT PRIMARY KEY,
    product TEXT NOT NULL,
    operator TEXT NOT NULL,
    started_at_ms INTEGER NOT NULL,
    ended_at_ms INTEGER              -- NULL while the lot is running
  );
  CREATE TABLE shifts (
    shift_key TEXT PRIMARY KEY,      -- local start, "YYYY-MM-DD HH:MM"
    name TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL
  );
  -- One row per lot, shift and hour of the shift: lot totals and shift totals are sums,
  -- and the hours are the shift report's chart. lot_id '' counts frames inspected with no lot open.
  CREATE TABLE tallies (
    lot_id TEXT NOT NULL,
    shift_key TEXT NOT NULL REFERENCES shifts(shift_key),
    hour_start_ms INTEGER NOT NULL,
    frames INTEGER NOT NULL,
    frames_ng INTEGER NOT NULL,
    parts_ok INTEGER NOT NULL,
    parts_ng INTEGER NOT NULL,
    PRIMARY KEY (lot_id, shift_key, hour_start_ms)
  ) WITHOUT ROWID;
  CREATE INDEX tallies_by_shift ON tallies (shift_key);
  -- NG parts per reason (the metric that failed, or 'part' when no class matched); a part
  -- failing two checks counts under both, so these do not sum to parts_ng.
  CREATE TABLE ng_reasons (
    lot_id TEXT NOT NULL,
    shift_key TEXT NOT NULL REFERENCES shifts(shift_key),
    reason TEXT NOT NULL,
    parts INTEGER NOT NULL,
    PRIMARY KEY (lot_id, shift_key, reason)
  ) WITHOUT ROWID;
  CREATE INDEX ng_reasons_by_shift ON ng_reasons (shift_key);
  CREATE TABLE alarms (
    id INTEGER PRIMARY KEY,          -- the alarm state machine's id
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    lot_id TEXT NOT NULL,
    shift_key TEXT NOT NULL,
    raised_at_ms INTEGER NOT NULL,
    active INTEGER NOT NULL,
    cleared_at_ms INTEGER,
    acknowledged_by TEXT,
    acknowledged_at_ms INTEGER,
    closed INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX alarms_by_time ON alarms (raised_at_ms);
  `,
];
