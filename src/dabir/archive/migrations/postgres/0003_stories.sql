-- Same-story groups (dabir.archive.stories): every document with a MinHash signature belongs to one story;
-- story_bands holds its LSH band keys, so the writer finds a new document's candidates with one indexed look-up.
-- first_seen is the earliest member's date (its publication date, else the day it was ingested).
CREATE TABLE stories (
  id BIGSERIAL PRIMARY KEY,
  first_seen TEXT NOT NULL,
  size INTEGER NOT NULL
);
CREATE INDEX stories_size ON stories (size, first_seen);
CREATE TABLE story_members (
  document_id BIGINT PRIMARY KEY REFERENCES documents (id),
  story_id BIGINT NOT NULL REFERENCES stories (id),
  signature BYTEA NOT NULL
);
CREATE INDEX story_members_story ON story_members (story_id);
CREATE TABLE story_bands (
  band BIGINT NOT NULL,
  document_id BIGINT NOT NULL REFERENCES documents (id),
  PRIMARY KEY (band, document_id)
);
CREATE INDEX story_bands_document ON story_bands (document_id);
