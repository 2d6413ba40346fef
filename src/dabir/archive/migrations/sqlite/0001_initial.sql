-- dabir archive, SQLite: documents, their paths, entities, statements and an FTS5 index of normalised text.
-- Small columns come first so that filters never read the overflow pages of text and record.
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  format TEXT NOT NULL,
  date_jalali TEXT,
  date_gregorian TEXT,
  ingested_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  title TEXT,
  text TEXT NOT NULL,
  record BLOB NOT NULL
);
CREATE INDEX documents_date ON documents (date_gregorian);
CREATE TABLE paths (
  path TEXT PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id),
  sha256 TEXT NOT NULL,
  seen_at TEXT NOT NULL
);
CREATE INDEX paths_document ON paths (document_id);
CREATE TABLE entities (
  document_id INTEGER NOT NULL REFERENCES documents (id),
  label TEXT NOT NULL,
  canonical TEXT NOT NULL,
  text TEXT NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  key TEXT NOT NULL
);
CREATE INDEX entities_document ON entities (document_id);
CREATE TABLE statements (
  document_id INTEGER NOT NULL REFERENCES documents (id),
  position INTEGER NOT NULL,
  speaker TEXT NOT NULL,
  speaker_canonical TEXT NOT NULL,
  speaker_key TEXT NOT NULL,
  verb TEXT NOT NULL,
  kind TEXT NOT NULL,
  content TEXT NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL
);
CREATE INDEX statements_document ON statements (document_id);
CREATE VIRTUAL TABLE search_index USING fts5 (body, parts, tokenize = 'unicode61 remove_diacritics 0');
