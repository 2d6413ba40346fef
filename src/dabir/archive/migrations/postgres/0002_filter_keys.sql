-- Filter keys (entities.key, statements.speaker_key) hold every half-space piece of a name as well as its joined
-- form, so that «خامنه ای» finds «خامنه‌ای».  The keys are computed in Python (dabir.archive.normalise.filter_key):
-- dabir.archive.migrate.STEPS[2] fills this table from the distinct (canonical, text) pairs and updates both tables.
CREATE TEMPORARY TABLE filter_keys (canonical TEXT NOT NULL, text TEXT NOT NULL, key TEXT NOT NULL);
