-- dabir archive, PostgreSQL: the same tables as SQLite; the index is a tsvector built by dabir
-- (body lexemes weight A, half-space pieces weight B), so it does not depend on the server's locale or
-- text-search configuration.
CREATE TABLE documents (
  id BIGSERIAL PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  size BIGINT NOT NULL,
  format TEXT NOT NULL,
  date_jalali TEXT,
  date_gregorian TEXT,
  ingested_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  title TEXT,
  text TEXT NOT NULL,
  record BYTEA NOT NULL,
  search TSVECTOR NOT NULL
);
CREATE INDEX documents_date ON documents (date_gregorian);
CREATE INDEX documents_search ON documents USING GIN (search);
CREATE TABLE paths (
  path TEXT PRIMARY KEY,
  document_id BIGINT NOT NULL REFERENCES documents (id),
  sha256 TEXT NOT NULL,
  seen_at TEXT NOT NULL
);
CREATE INDEX paths_document ON paths (document_id);
CREATE TABLE entities (
  document_id BIGINT NOT NULL REFERENCES documents (id),
  label TEXT NOT NULL,
  canonical TEXT NOT NULL,
  text TEXT NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  key TEXT NOT NULL
);
CREATE INDEX entities_document ON entities (document_id);
CREATE TABLE statements (
  document_id BIGINT NOT NULL REFERENCES documents (id),
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
