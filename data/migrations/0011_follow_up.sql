-- Follow-up logs (docs/domain.md §4 "Follow-up"): 送教上门 sessions and the monthly checks of
-- 跟踪巩固 / 随班就读 children are case_events rows of kind 'session' and 'check'.
-- A session: who = the teacher, hours, content = what was taught, outcome = the child's
-- response. A check: who, attending (1 in school, 0 not), outcome = the note.
ALTER TABLE case_events ADD COLUMN attending INTEGER CHECK (attending IN (0, 1));

-- The sessions report counts a month's sessions of a region per teacher.
CREATE INDEX case_events_kind ON case_events(kind, happened_on, case_id);

-- Sessions written before this migration (the demo's) were kind 'home_teaching' without a
-- status change: they are sessions.
UPDATE case_events SET kind = 'session'
 WHERE kind = 'home_teaching' AND to_status IS NULL AND hours IS NOT NULL;
