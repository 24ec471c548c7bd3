// The results database's schema, as ordered migrations keyed by SQLite's
// user_version, so an older data folder is upgraded in place and never rebuilt.
// A migration is history: never edit one that has shipped, add the next.
export const MIGRATIONS: readonly string[] = [
  // 1: runs, frames and objects
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at_ms INTEGER NOT NULL,
    source TEXT NOT NULL,            -- JSON of the SourceSpec
    recipe_name TEXT NOT NULL,
    recipe_version INTEGER NOT NULL
  );
  CREATE TABLE frames (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,
    captured_at_ms INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    recipe_name TEXT NOT NULL,
    recipe_version INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    object_count INTEGER NOT NULL,
    processing_ms REAL NOT NULL,
    metrics TEXT NOT NULL,           -- JSON: frame metrics
    reasons TEXT NOT NULL,           -- JSON: verdict reasons
    UNIQUE (run_id, seq)
  );
  CREATE INDEX frames_by_time ON frames (captured_at_ms);
  CREATE TABLE objects (
    frame_id INTEGER NOT NULL REFERENCES frames(id),
    object_id INTEGER NOT NULL,
    part TEXT,
    ok INTEGER NOT NULL,
    metrics TEXT NOT NULL,           -- JSON: object metrics, pixel units
    reasons TEXT NOT NULL,
    bbox TEXT NOT NULL,
    outline TEXT NOT NULL,
    PRIMARY KEY (frame_id, object_id)
  ) WITHOUT ROWID;
  `,
  // 2: the history. Filterable metrics get typed columns (backfilled from the JSON of version 1),
  // labels keep every revision, kept pictures are listed, and the review filters have indexes.
  `
  ALTER TABLE runs ADD COLUMN source_kind TEXT;
  UPDATE runs SET source_kind = json_extract(source, '$.kind');

  ALTER TABLE frames ADD COLUMN mean_intensity REAL;
  ALTER TABLE frames ADD COLUMN pixels_above_threshold REAL;
  ALTER TABLE frames ADD COLUMN label TEXT;                         -- current frame-level label
  ALTER TABLE frames ADD COLUMN labelled INTEGER NOT NULL DEFAULT 0; -- 1: the frame or one of its objects has a label
  UPDATE frames SET
    mean_intensity = json_extract(metrics, '$.meanIntensity'),
    pixels_above_threshold = json_extract(metrics, '$.pixelsAboveThreshold');

  CREATE TABLE objects_v2 (
    frame_id INTEGER NOT NULL REFERENCES frames(id),
    object_id INTEGER NOT NULL,
    part TEXT,
    ok INTEGER NOT NULL,
    area REAL,
    area_pixels REAL,
    perimeter REAL,
    circularity REAL,
    circularity_cv REAL,
    convexity REAL,
    solidity REAL,
    aspect_ratio REAL,
    equivalent_diameter REAL,
    mean_intensity REAL,
    holes REAL,
    reasons TEXT NOT NULL,           -- JSON: verdict reasons
    bbox TEXT NOT NULL,              -- JSON: {x, y, width, height}
    outline TEXT NOT NULL,           -- JSON: [[x, y], ...]
    PRIMARY KEY (frame_id, object_id)
  ) WITHOUT ROWID;
  INSERT INTO objects_v2
    SELECT frame_id, object_id, part, ok,
      json_extract(metrics, '$.area'), json_extract(metrics, '$.areaPixels'), json_extract(metrics, '$.perimeter'),
      json_extract(metrics, '$.circularity'), json_extract(metrics, '$.circularityCv'), json_extract(metrics, '$.convexity'),
      json_extract(metrics, '$.solidity'), json_extract(metrics, '$.aspectRatio'), json_extract(metrics, '$.equivalentDiameter'),
      json_extract(metrics, '$.meanIntensity'), json_extract(metrics, '$.holes'),
      reasons, bbox, outline
    FROM objects;
  DROP TABLE objects;
  ALTER TABLE objects_v2 RENAME TO objects;

  -- Per frame, the smallest and largest value of each object metric: "an object with circularity
  -- under 0.8" is answered from the frame row alone (exactly, for a one-sided range), and a
  -- two-sided range probes the objects of the few frames that pass.
  ALTER TABLE frames ADD COLUMN objects_area_min REAL;
  ALTER TABLE frames ADD COLUMN objects_area_max REAL;
  ALTER TABLE frames ADD COLUMN objects_area_pixels_min REAL;
  ALTER TABLE frames ADD COLUMN objects_area_pixels_max REAL;
  ALTER TABLE frames ADD COLUMN objects_perimeter_min REAL;
  ALTER TABLE frames ADD COLUMN objects_perimeter_max REAL;
  ALTER TABLE frames ADD COLUMN objects_circularity_min REAL;
  ALTER TABLE frames ADD COLUMN objects_circularity_max REAL;
  ALTER TABLE frames ADD COLUMN objects_circularity_cv_min REAL;
  ALTER TABLE frames ADD COLUMN objects_circularity_cv_max REAL;
  ALTER TABLE frames ADD COLUMN objects_convexity_min REAL;
  ALTER TABLE frames ADD COLUMN objects_convexity_max REAL;
  ALTER TABLE frames ADD COLUMN objects_solidity_min REAL;
  ALTER TABLE frames ADD COLUMN objects_solidity_max REAL;
  ALTER TABLE frames ADD COLUMN objects_aspect_ratio_min REAL;
  ALTER TABLE frames ADD COLUMN objects_aspect_ratio_max REAL;
  ALTER TABLE frames ADD COLUMN objects_equivalent_diameter_min REAL;
  ALTER TABLE frames ADD COLUMN objects_equivalent_diameter_max REAL;
  ALTER TABLE frames ADD COLUMN objects_mean_intensity_min REAL;
  ALTER TABLE frames ADD COLUMN objects_mean_intensity_max REAL;
  ALTER TABLE frames ADD COLUMN objects_holes_min REAL;
  ALTER TABLE frames ADD COLUMN objects_holes_max REAL;
  UPDATE frames SET
    objects_area_min = (SELECT MIN(area) FROM objects o WHERE o.frame_id = frames.id),
    objects_area_max = (SELECT MAX(area) FROM objects o WHERE o.frame_id = frames.id),
    objects_area_pixels_min = (SELECT MIN(area_pixels) FROM objects o WHERE o.frame_id = frames.id),
    objects_area_pixels_max = (SELECT MAX(area_pixels) FROM objects o WHERE o.frame_id = frames.id),
    objects_perimeter_min = (SELECT MIN(perimeter) FROM objects o WHERE o.frame_id = frames.id),
    objects_perimeter_max = (SELECT MAX(perimeter) FROM objects o WHERE o.frame_id = frames.id),
    objects_circularity_min = (SELECT MIN(circularity) FROM objects o WHERE o.frame_id = frames.id),
    objects_circularity_max = (SELECT MAX(circularity) FROM objects o WHERE o.frame_id = frames.id),
    objects_circularity_cv_min = (SELECT MIN(circularity_cv) FROM objects o WHERE o.frame_id = frames.id),
    objects_circularity_cv_max = (SELECT MAX(circularity_cv) FROM objects o WHERE o.frame_id = frames.id),
    objects_convexity_min = (SELECT MIN(convexity) FROM objects o WHERE o.frame_id = frames.id),
    objects_convexity_max = (SELECT MAX(convexity) FROM objects o WHERE o.frame_id = frames.id),
    objects_solidity_min = (SELECT MIN(solidity) FROM objects o WHERE o.frame_id = frames.id),
    objects_solidity_max = (SELECT MAX(solidity) FROM objects o WHERE o.frame_id = frames.id),
    objects_aspect_ratio_min = (SELECT MIN(aspect_ratio) FROM objects o WHERE o.frame_id = frames.id),
    objects_aspect_ratio_max = (SELECT MAX(aspect_ratio) FROM objects o WHERE o.frame_id = frames.id),
    objects_equivalent_diameter_min = (SELECT MIN(equivalent_diameter) FROM objects o WHERE o.frame_id = frames.id),
    objects_equivalent_diameter_max = (SELECT MAX(equivalent_diameter) FROM objects o WHERE o.frame_id = frames.id),
    objects_mean_intensity_min = (SELECT MIN(mean_intensity) FROM objects o WHERE o.frame_id = frames.id),
    objects_mean_intensity_max = (SELECT MAX(mean_intensity) FROM objects o WHERE o.frame_id = frames.id),
    objects_holes_min = (SELECT MIN(holes) FROM objects o WHERE o.frame_id = frames.id),
    objects_holes_max = (SELECT MAX(holes) FROM objects o WHERE o.frame_id = frames.id);

  CREATE TABLE images (
    frame_id INTEGER PRIMARY KEY REFERENCES frames(id),
    reason TEXT NOT NULL,            -- 'ng' | 'sampled-ok'
    full_path TEXT,                  -- under images/; NULL once evicted by the quota
    full_bytes INTEGER NOT NULL,
    thumb_path TEXT,
    thumb_bytes INTEGER NOT NULL,
    stored_at_ms INTEGER NOT NULL,
    evicted_at_ms INTEGER
  );
  CREATE INDEX images_evictable ON images (frame_id) WHERE reason = 'sampled-ok' AND full_path IS NOT NULL;

  CREATE TABLE label_revisions (
    id INTEGER PRIMARY KEY,
    frame_id INTEGER NOT NULL REFERENCES frames(id),
    object_id INTEGER NOT NULL,      -- -1: the frame itself
    value TEXT,                      -- NULL: the label was cleared
    author TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    replaces INTEGER REFERENCES label_revisions(id),
    note TEXT
  );
  CREATE INDEX label_revisions_by_target ON label_revisions (frame_id, object_id, id);
  CREATE TRIGGER label_revisions_never_updated BEFORE UPDATE ON label_revisions
    BEGIN SELECT RAISE(ABORT, 'label revisions are history: they are never changed'); END;
  CREATE TRIGGER label_revisions_never_deleted BEFORE DELETE ON label_revisions
    BEGIN SELECT RAISE(ABORT, 'label revisions are history: they are never deleted'); END;
  CREATE TABLE labels (              -- the current revision of each labelled target
    frame_id INTEGER NOT NULL REFERENCES frames(id),
    object_id INTEGER NOT NULL,
    revision INTEGER NOT NULL REFERENCES label_revisions(id),
    value TEXT,
    PRIMARY KEY (frame_id, object_id)
  ) WITHOUT ROWID;

  CREATE INDEX frames_by_verdict_time ON frames (ok, captured_at_ms);
  CREATE INDEX frames_by_recipe_time ON frames (recipe_name, recipe_version, captured_at_ms);
  CREATE INDEX frames_by_labelled_time ON frames (labelled, captured_at_ms);
  CREATE INDEX frames_by_label ON frames (label, captured_at_ms) WHERE label IS NOT NULL;
  CREATE INDEX frames_by_mean_intensity ON frames (mean_intensity);
  CREATE INDEX frames_by_pixels_above_threshold ON frames (pixels_above_threshold);
  CREATE INDEX frames_by_object_count ON frames (object_count);
  CREATE INDEX frames_by_processing_ms ON frames (processing_ms);
  `,
  // 3: the review's own writes. A person's outline of an object keeps every revision like a label
  // (immutable, each naming the one it replaces); objects keep their holes' outlines, so an export
  // can draw a washer as a ring; and imported files are remembered by content hash, so importing a
  // folder again adds nothing twice.
  `
  CREATE TABLE outline_revisions (
    id INTEGER PRIMARY KEY,
    frame_id INTEGER NOT NULL REFERENCES frames(id),
    object_id INTEGER NOT NULL,
    outline TEXT NOT NULL,           -- JSON: [[x, y], ...], image pixels
    author TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    replaces INTEGER REFERENCES outline_revisions(id)
  );
  CREATE INDEX outline_revisions_by_target ON outline_revisions (frame_id, object_id, id);
  CREATE TRIGGER outline_revisions_never_updated BEFORE UPDATE ON outline_revisions
    BEGIN SELECT RAISE(ABORT, 'outline revisions are history: they are never changed'); END;
  CREATE TRIGGER outline_revisions_never_deleted BEFORE DELETE ON outline_revisions
    BEGIN SELECT RAISE(ABORT, 'outline revisions are history: they are never deleted'); END;
  CREATE TABLE outlines (            -- the current edited outline of each object a person outlined
    frame_id INTEGER NOT NULL REFERENCES frames(id),
    object_id INTEGER NOT NULL,
    revision INTEGER NOT NULL REFERENCES outline_revisions(id),
    PRIMARY KEY (frame_id, object_id)
  ) WITHOUT ROWID;

  ALTER TABLE objects ADD COLUMN hole_outlines TEXT;  -- JSON: [[[x, y], ...], ...]; NULL: not recorded

  CREATE TABLE imported_files (
    hash TEXT PRIMARY KEY,           -- sha256 of the file's bytes
    frame_id INTEGER NOT NULL REFERENCES frames(id),
    relative_path TEXT NOT NULL,     -- inside the imported folder, as first imported
    imported_at_ms INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 4: pages sorted by a frame metric. Each metric's index also carries the frame id (the sort's
  // tie-break, so the index order IS the page order), the capture time and the verdict: a page walks
  // the index in order, tests the review's time span and verdict on the index entry alone, reads
  // only the frame rows inside them, and stops once the page is full, instead of sorting every
  // frame of the span. Range filters on these metrics use the same indexes (same leading column).
  `
  DROP INDEX frames_by_mean_intensity;
  DROP INDEX frames_by_pixels_above_threshold;
  DROP INDEX frames_by_object_count;
  DROP INDEX frames_by_processing_ms;
  CREATE INDEX frames_sorted_by_mean_intensity ON frames (mean_intensity, id, captured_at_ms, ok);
  CREATE INDEX frames_sorted_by_pixels_above_threshold ON frames (pixels_above_threshold, id, captured_at_ms, ok);
  CREATE INDEX frames_sorted_by_object_count ON frames (object_count, id, captured_at_ms, ok);
  CREATE INDEX frames_sorted_by_processing_ms ON frames (processing_ms, id, captured_at_ms, ok);
  `,
  // 5: object-metric ranges over a time span. Per object metric, the frames' smallest and largest
  // value in time order, with the verdict: a match count (or a page in time order) tests a range
  // on these small index entries alone, instead of reading each frame's row (ten times the bytes,
  // which is what a review pays when the span is not in memory).
  `
  CREATE INDEX frames_objects_area_by_time ON frames (captured_at_ms, id, ok, objects_area_min, objects_area_max);
  CREATE INDEX frames_objects_area_pixels_by_time ON frames (captured_at_ms, id, ok, objects_area_pixels_min, objects_area_pixels_max);
  CREATE INDEX frames_objects_perimeter_by_time ON frames (captured_at_ms, id, ok, objects_perimeter_min, objects_perimeter_max);
  CREATE INDEX frames_objects_circularity_by_time ON frames (captured_at_ms, id, ok, objects_circularity_min, objects_circularity_max);
  CREATE INDEX frames_objects_circularity_cv_by_time ON frames (captured_at_ms, id, ok, objects_circularity_cv_min, objects_circularity_cv_max);
  CREATE INDEX frames_objects_convexity_by_time ON frames (captured_at_ms, id, ok, objects_convexity_min, objects_convexity_max);
  CREATE INDEX frames_objects_solidity_by_time ON frames (captured_at_ms, id, ok, objects_solidity_min, objects_solidity_max);
  CREATE INDEX frames_objects_aspect_ratio_by_time ON frames (captured_at_ms, id, ok, objects_aspect_ratio_min, objects_aspect_ratio_max);
  CREATE INDEX frames_objects_equivalent_diameter_by_time ON frames (captured_at_ms, id, ok, objects_equivalent_diameter_min, objects_equivalent_diameter_max);
  CREATE INDEX frames_objects_mean_intensity_by_time ON frames (captured_at_ms, id, ok, objects_mean_intensity_min, objects_mean_intensity_max);
  CREATE INDEX frames_objects_holes_by_time ON frames (captured_at_ms, id, ok, objects_holes_min, objects_holes_max);
  `,
  // 6: objects' shapes in a table of their own. The bbox, outline and hole outlines (JSON) were most
  // of an object row's bytes, and every object-metric probe of a filter read them along: without
  // them an object row is a third of the size, so a probe reads a third of the pages (what a
  // review pays when the history is not in memory). Shapes are read only to show or export a frame.
  `
  CREATE TABLE objects_v6 (
    frame_id INTEGER NOT NULL REFERENCES frames(id),
    object_id INTEGER NOT NULL,
    part TEXT,
    ok INTEGER NOT NULL,
    area REAL,
    area_pixels REAL,
    perimeter REAL,
    circularity REAL,
    circularity_cv REAL,
    convexity REAL,
    solidity REAL,
    aspect_ratio REAL,
    equivalent_diameter REAL,
    mean_intensity REAL,
    holes REAL,
    reasons TEXT NOT NULL,           -- JSON: verdict reasons
    PRIMARY KEY (frame_id, object_id)
  ) WITHOUT ROWID;
  INSERT INTO objects_v6
    SELECT frame_id, object_id, part, ok, area, area_pixels, perimeter, circularity, circularity_cv, convexity, solidity,
      aspect_ratio, equivalent_diameter, mean_intensity, holes, reasons
    FROM objects;
  CREATE TABLE object_shapes (       -- one row per object, keyed as the object
    frame_id INTEGER NOT NULL REFERENCES frames(id),
    object_id INTEGER NOT NULL,
    bbox TEXT NOT NULL,              -- JSON: {x, y, width, height}
    outline TEXT NOT NULL,           -- JSON: [[x, y], ...]
    hole_outlines TEXT,              -- JSON: [[[x, y], ...], ...]; NULL: none recorded
    PRIMARY KEY (frame_id, object_id)
  ) WITHOUT ROWID;
  INSERT INTO object_shapes SELECT frame_id, object_id, bbox, outline, hole_outlines FROM objects;
  DROP TABLE objects;
  ALTER TABLE objects_v6 RENAME TO objects;
  `,
];
