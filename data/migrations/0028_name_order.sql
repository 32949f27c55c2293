-- Names sort in pinyin order (issue 19), as Excel and WPS sort them, not by code point
-- (于 刘 单 吴 周 孙 崔 → 崔 刘 单 孙 吴 于 周). The ledger pages a million cases by an
-- index, so the order is a stored key (domain::pinyin::sort_key, written with the name on
-- every write path) rather than a collation: an index on a custom collation could not be
-- read by a tool without it. Short lists use the `pinyin` collation in their queries.
ALTER TABLE cases ADD COLUMN name_key TEXT;
UPDATE cases SET name_key = pinyin_key(name);
CREATE INDEX cases_name_key ON cases(name_key, id);
