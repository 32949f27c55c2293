-- The month's cycle (docs/domain.md §11): submissions and what they froze, deadlines,
-- 复核 rounds and the school-year rollover.

-- One row per submission of a month: a school's (school_id set) or its county's upward one
-- (school_id NULL). kind: figures|zero. state: submitted|withdrawn|accepted. A withdrawn
-- row stays as history; a month has at most one live (submitted or accepted) row per school.
CREATE TABLE submissions (
    id                 INTEGER PRIMARY KEY,
    county_code        TEXT NOT NULL REFERENCES regions(code),
    school_id          INTEGER REFERENCES schools(id),
    month              TEXT NOT NULL CHECK (length(month) = 7),   -- 'YYYY-MM'
    kind               TEXT NOT NULL,
    state              TEXT NOT NULL,
    open_start         INTEGER NOT NULL DEFAULT 0,
    new_suspected      INTEGER NOT NULL DEFAULT 0,
    new_dropouts       INTEGER NOT NULL DEFAULT 0,
    returned           INTEGER NOT NULL DEFAULT 0,
    closed             INTEGER NOT NULL DEFAULT 0,
    open_end           INTEGER NOT NULL DEFAULT 0,
    out_of_school_end  INTEGER NOT NULL DEFAULT 0,
    corrections        INTEGER NOT NULL DEFAULT 0,  -- 更正 rows carried (submission_corrections)
    submitted_by       TEXT NOT NULL,
    submitted_at       TEXT NOT NULL,
    decided_by         TEXT NOT NULL DEFAULT '',    -- who withdrew or accepted it
    decided_at         TEXT,
    note               TEXT NOT NULL DEFAULT ''
);
CREATE INDEX submissions_month ON submissions(county_code, month, school_id, id);

-- What a submission froze, per case: the case's share of each figure and its status at the
-- end of the period (the open-case list as it stood).
CREATE TABLE submission_cases (
    submission_id      INTEGER NOT NULL REFERENCES submissions(id),
    case_id            INTEGER NOT NULL REFERENCES cases(id),
    status             TEXT,
    open_start         INTEGER NOT NULL DEFAULT 0,
    new_suspected      INTEGER NOT NULL DEFAULT 0,
    new_dropouts       INTEGER NOT NULL DEFAULT 0,
    returned           INTEGER NOT NULL DEFAULT 0,
    closed             INTEGER NOT NULL DEFAULT 0,
    open_end           INTEGER NOT NULL DEFAULT 0,
    out_of_school_end  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (submission_id, case_id)
) WITHOUT ROWID;

-- 更正 carried by a later submission: a figure of an earlier submitted month that changed
-- after it was submitted (a back-dated step), which case, by whom.
CREATE TABLE submission_corrections (
    id             INTEGER PRIMARY KEY,
    submission_id  INTEGER NOT NULL REFERENCES submissions(id),
    month          TEXT NOT NULL,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    figure         TEXT NOT NULL,
    submitted      INTEGER NOT NULL,
    corrected      INTEGER NOT NULL,
    changed_by     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX submission_corrections_sub ON submission_corrections(submission_id);

-- 复核 rounds: the county re-checks schools or cases, typically each quarter.
CREATE TABLE recheck_rounds (
    id           INTEGER PRIMARY KEY,
    county_code  TEXT NOT NULL REFERENCES regions(code),
    held_on      TEXT NOT NULL,
    checked_by   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
-- finding: confirmed|corrected|new_case
CREATE TABLE recheck_items (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES recheck_rounds(id),
    school_id  INTEGER REFERENCES schools(id),
    case_id    INTEGER REFERENCES cases(id),
    finding    TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recheck_items_round ON recheck_items(round_id);

-- One applied school-year rollover per county and school year (the year it starts).
CREATE TABLE rollovers (
    county_code  TEXT NOT NULL REFERENCES regions(code),
    school_year  INTEGER NOT NULL,
    on_date      TEXT NOT NULL,
    advanced     INTEGER NOT NULL,
    graduated    INTEGER NOT NULL,
    flagged      INTEGER NOT NULL,
    applied_by   TEXT NOT NULL,
    applied_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, school_year)
);

-- The responsible filler's phone, for the list of schools that have not reported.
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';

INSERT OR IGNORE INTO settings(key, value) VALUES
    ('report_deadline_day', '28'),   -- schools submit a month by this day of it
    ('tracking_check_days', '31');   -- 跟踪巩固: a check (visit) at least this often
