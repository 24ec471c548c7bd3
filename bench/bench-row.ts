// One figure of `npm run bench`. Every suite returns rows of this shape and the
// runner writes them all to bench-results.json.
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The target as a person reads it, e.g. "<= 1.25" or ">= 30". */
  target: string;
  ok: boolean;
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchRow[]>;
}
