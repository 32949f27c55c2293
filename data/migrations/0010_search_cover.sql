-- Search answered inside an index (issue 18): a name prefix, an ID tail or pinyin initials
-- is filtered (open/closed, region) and ordered by registration among the term's own index
-- entries, and only the page's rows are read from the table. Before, each match cost a
-- row read (3,000 matches: 3,000 scattered pages) or the sort order was walked testing
-- every row.
CREATE INDEX cases_name_cover ON cases(name, status, county_code, registered_on);
CREATE INDEX cases_id_rev_cover ON cases(id_rev, status, county_code, registered_on);
DROP INDEX cases_id_rev; -- a prefix of cases_id_rev_cover

-- A common term walks the registration order instead, tested in this index (name, ID tail
-- and every initials spelling ride along), reading a case row only for the page it shows.
-- It starts as cases_reg did, which it replaces.
CREATE INDEX cases_reg_search ON cases(registered_on, id, status, county_code, name, id_rev, name_initials);
DROP INDEX cases_reg;

-- case_initials is WITHOUT ROWID: its primary key (initials, case_id) is the table, so the
-- columns added here ride in the same b-tree, read with the initials' range.
ALTER TABLE case_initials ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE case_initials ADD COLUMN county_code TEXT NOT NULL DEFAULT '';
ALTER TABLE case_initials ADD COLUMN registered_on TEXT NOT NULL DEFAULT '';
UPDATE case_initials
   SET (status, county_code, registered_on) =
       (SELECT c.status, c.county_code, c.registered_on FROM cases c WHERE c.id = case_initials.case_id);

-- Writers insert initials with the case's values (INSERT … SELECT from the case row); a
-- workflow step or an edit that changes them is followed here.
CREATE TRIGGER case_initials_follow AFTER UPDATE OF status, county_code, registered_on ON cases
WHEN old.status IS NOT new.status OR old.county_code IS NOT new.county_code
  OR old.registered_on IS NOT new.registered_on
BEGIN
  UPDATE case_initials SET status = new.status, county_code = new.county_code, registered_on = new.registered_on
   WHERE case_id = new.id;
END;
