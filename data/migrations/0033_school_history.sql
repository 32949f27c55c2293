-- Issue 17: a school's dated history (domain::history) is written from now on, so its table
-- (0014, unused until now) takes the opening too: 'opened' is the day a school began (a
-- change of `school change --kind open`). SQLite cannot widen a CHECK in place: the table is
-- made again with its rows (none were written before this migration).
CREATE TABLE school_history_new (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES schools(id),
    on_date     TEXT NOT NULL,
    change      TEXT NOT NULL CHECK (change IN ('opened', 'name', 'kind', 'operator', 'location', 'merged', 'closed')),
    old_value   TEXT NOT NULL DEFAULT '',
    new_value   TEXT NOT NULL DEFAULT '',
    other_id    INTEGER REFERENCES schools(id),
    note        TEXT NOT NULL DEFAULT '',
    login       TEXT NOT NULL DEFAULT ''
);
INSERT INTO school_history_new SELECT id, school_id, on_date, change, old_value, new_value, other_id, note, login
    FROM school_history;
DROP TABLE school_history;
ALTER TABLE school_history_new RENAME TO school_history;
CREATE INDEX school_history_school ON school_history(school_id, on_date);
