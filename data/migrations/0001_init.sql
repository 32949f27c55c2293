-- taizhang schema v1: everything DOMAIN.md describes, designed up front so later screens
-- only add queries. Codes stored in the database are stable ASCII (status, roles, kinds);
-- the UI translates them. Never edit this file once released: add 0002_….sql instead.

-- §1 Regions (GB/T 2260). level: 1 province, 2 prefecture, 3 county-level.
CREATE TABLE regions (
    code        TEXT PRIMARY KEY CHECK (length(code) = 6),
    name        TEXT NOT NULL,
    parent_code TEXT REFERENCES regions(code),
    level       INTEGER NOT NULL CHECK (level IN (1, 2, 3)),
    valid_from  INTEGER,            -- year the code came into use, when known
    valid_to    INTEGER             -- year it was retired (NULL = current)
);
CREATE INDEX regions_parent ON regions(parent_code, code);

-- Facts a county is evaluated on. quality_status: none|creating|pilot|provincial|national.
CREATE TABLE county_facts (
    code                TEXT PRIMARY KEY REFERENCES regions(code),
    population          INTEGER CHECK (population >= 0),
    area_km2            REAL CHECK (area_km2 >= 0),
    basic_balance_year  INTEGER,
    quality_status      TEXT NOT NULL DEFAULT 'none',
    quality_since_year  INTEGER,
    quality_target_year INTEGER,
    disabled_children   INTEGER CHECK (disabled_children >= 0), -- school-age disabled children
    note                TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1
);

-- §2 Schools. kind: primary|junior|nine_year|twelve_year|complete_middle|special|teaching_point
-- location: urban|town|rural. Resource figures are NULL when unknown (never silently 0).
CREATE TABLE schools (
    id                  INTEGER PRIMARY KEY,
    county_code         TEXT NOT NULL REFERENCES regions(code),
    name                TEXT NOT NULL,
    school_code         TEXT UNIQUE CHECK (school_code IS NULL OR length(school_code) = 10),
    kind                TEXT NOT NULL,
    location            TEXT NOT NULL,
    students            INTEGER CHECK (students >= 0),
    primary_students    INTEGER CHECK (primary_students >= 0), -- for 一贯制 splits
    junior_students     INTEGER CHECK (junior_students >= 0),
    classes             INTEGER CHECK (classes >= 0),
    largest_class       INTEGER CHECK (largest_class >= 0),
    boarding_students   INTEGER CHECK (boarding_students >= 0),
    teachers            INTEGER CHECK (teachers >= 0),
    degree_teachers     INTEGER,
    backbone_teachers   INTEGER,
    pe_arts_teachers    INTEGER,
    building_m2         REAL,
    sports_m2           REAL,
    equipment_yuan      REAL,
    multimedia_rooms    INTEGER,
    opened_on           TEXT,
    closed_on           TEXT,            -- 撤并: closed, never deleted
    merged_into         INTEGER REFERENCES schools(id),
    name_initials       TEXT NOT NULL DEFAULT '',
    note                TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX schools_county ON schools(county_code, name, id);

-- §3 Alliances. kind: league|community|group|one_school_two_campuses|pairing
-- level: city|county. region_code: the county, or the prefecture for city level.
CREATE TABLE alliances (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    level          TEXT NOT NULL CHECK (level IN ('city', 'county')),
    region_code    TEXT NOT NULL REFERENCES regions(code),
    lead_school_id INTEGER REFERENCES schools(id),
    founded_on     TEXT,
    mode           TEXT NOT NULL DEFAULT '',   -- e.g. 一体两翼三共享六统一
    dissolved_on   TEXT,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX alliances_region ON alliances(region_code, id);

-- role: lead|member|campus
CREATE TABLE alliance_members (
    id          INTEGER PRIMARY KEY,
    alliance_id INTEGER NOT NULL REFERENCES alliances(id),
    school_id   INTEGER NOT NULL REFERENCES schools(id),
    role        TEXT NOT NULL,
    joined_on   TEXT,
    left_on     TEXT
);
CREATE INDEX alliance_members_alliance ON alliance_members(alliance_id, school_id);
CREATE INDEX alliance_members_school ON alliance_members(school_id);

-- kind: research|teaching_visit|rotation|training|monitoring|other
CREATE TABLE alliance_activities (
    id              INTEGER PRIMARY KEY,
    alliance_id     INTEGER NOT NULL REFERENCES alliances(id),
    held_on         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    participants    INTEGER CHECK (participants >= 0),
    rotated_teachers  INTEGER CHECK (rotated_teachers >= 0),  -- 交流轮岗 only
    rotated_backbone  INTEGER CHECK (rotated_backbone >= 0),
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alliance_activities_alliance ON alliance_activities(alliance_id, held_on);

-- Cohort figures per county and year for 巩固率 (§5). stage: junior|nine_year
CREATE TABLE cohorts (
    county_code     TEXT NOT NULL REFERENCES regions(code),
    year            INTEGER NOT NULL,
    stage           TEXT NOT NULL,
    entry_enrolment INTEGER,
    graduates       INTEGER,
    transfers_in    INTEGER,
    transfers_out   INTEGER,
    deaths          INTEGER,
    PRIMARY KEY (county_code, year, stage)
);

-- §4 The dropout-control ledger: one row per child. ledger: school_age|suspected|dropout.
-- status: see domain::case_status. Dates are ISO 'YYYY-MM-DD'.
CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    county_code      TEXT NOT NULL REFERENCES regions(code),
    school_id        INTEGER REFERENCES schools(id),
    ledger           TEXT NOT NULL,
    status           TEXT NOT NULL,
    name             TEXT NOT NULL,
    name_initials    TEXT NOT NULL DEFAULT '',  -- pinyin initials, every reading, ' '-separated
    id_number        TEXT,
    id_rev           TEXT,                      -- id_number reversed: its tail is an indexed prefix
    sex              TEXT,                      -- 'M' | 'F'
    birth_date       TEXT,
    student_no       TEXT,
    hukou_code       TEXT,
    hukou_text       TEXT NOT NULL DEFAULT '',
    address          TEXT NOT NULL DEFAULT '',
    guardian         TEXT NOT NULL DEFAULT '',
    guardian_relation TEXT NOT NULL DEFAULT '',
    guardian_phone   TEXT NOT NULL DEFAULT '',
    grade            INTEGER CHECK (grade BETWEEN 1 AND 9),
    class_name       TEXT NOT NULL DEFAULT '',
    family_types     TEXT NOT NULL DEFAULT '',  -- comma-separated codes
    absent_since     TEXT,
    reason           TEXT,
    reason_text      TEXT NOT NULL DEFAULT '',
    gov_person       TEXT NOT NULL DEFAULT '',
    gov_phone        TEXT NOT NULL DEFAULT '',
    edu_person       TEXT NOT NULL DEFAULT '',
    edu_phone        TEXT NOT NULL DEFAULT '',
    registered_on    TEXT NOT NULL,
    last_visit_on    TEXT,
    returned_on      TEXT,
    returned_school_id INTEGER REFERENCES schools(id),
    closed_on        TEXT,
    close_basis      TEXT NOT NULL DEFAULT '',
    closed_by        TEXT NOT NULL DEFAULT '',
    void_reason      TEXT NOT NULL DEFAULT '',
    note             TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
-- Keyset paging: (scope, sort key, id). Every list query orders by an index prefix + id.
-- Status rides along at the end so the default "open cases" filter is checked in the index.
CREATE INDEX cases_reg ON cases(registered_on, id, status);
CREATE INDEX cases_county_reg ON cases(county_code, registered_on, id);
CREATE INDEX cases_school_reg ON cases(school_id, registered_on, id);
CREATE INDEX cases_county_status ON cases(county_code, status, registered_on, id);
CREATE INDEX cases_visit ON cases(coalesce(last_visit_on, ''), id);
CREATE INDEX cases_county_visit ON cases(county_code, coalesce(last_visit_on, ''), id);
CREATE INDEX cases_name ON cases(name, id);
CREATE INDEX cases_id_number ON cases(id_number);
CREATE INDEX cases_id_rev ON cases(id_rev);

-- One row per pinyin-initials spelling of a case's name (polyphonic names have several),
-- so `zmw` finds 张某伟 through an index instead of a scan.
CREATE TABLE case_initials (
    initials TEXT NOT NULL,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    PRIMARY KEY (initials, case_id)
) WITHOUT ROWID;
CREATE INDEX case_initials_case ON case_initials(case_id);

-- Cached counts of cases per county and status, kept exact by triggers, so overviews never
-- count a million rows.
CREATE TABLE case_counts (
    county_code TEXT NOT NULL,
    status      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (county_code, status)
) WITHOUT ROWID;
CREATE TRIGGER case_counts_ins AFTER INSERT ON cases BEGIN
    INSERT INTO case_counts(county_code, status, n) VALUES (NEW.county_code, NEW.status, 1)
    ON CONFLICT(county_code, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER case_counts_del AFTER DELETE ON cases BEGIN
    UPDATE case_counts SET n = n - 1 WHERE county_code = OLD.county_code AND status = OLD.status;
END;
CREATE TRIGGER case_counts_upd AFTER UPDATE OF county_code, status ON cases
WHEN OLD.county_code IS NOT NEW.county_code OR OLD.status IS NOT NEW.status BEGIN
    UPDATE case_counts SET n = n - 1 WHERE county_code = OLD.county_code AND status = OLD.status;
    INSERT INTO case_counts(county_code, status, n) VALUES (NEW.county_code, NEW.status, 1)
    ON CONFLICT(county_code, status) DO UPDATE SET n = n + 1;
END;

-- Timeline of a case. kind: visit|transition|home_teaching|reopen|void|note
-- line: gov|edu; method: home|phone|interview|notice
CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    kind        TEXT NOT NULL,
    happened_on TEXT NOT NULL,
    line        TEXT,
    who         TEXT NOT NULL DEFAULT '',
    method      TEXT,
    outcome     TEXT NOT NULL DEFAULT '',
    from_status TEXT,
    to_status   TEXT,
    hours       REAL,
    content     TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, happened_on, id);

-- Staff. role: admin (县级管理员) | filler (学校填报员) | readonly (只读).
-- scope_code: a region code (province/prefecture/county); scope_school_id: one school.
CREATE TABLE users (
    login           TEXT PRIMARY KEY,
    display_name    TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL CHECK (role IN ('admin', 'filler', 'readonly')),
    scope_code      TEXT REFERENCES regions(code),
    scope_school_id INTEGER REFERENCES schools(id),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);

-- Every change, traceable to a person: one row per changed field.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    login      TEXT NOT NULL,
    action     TEXT NOT NULL,      -- insert|update|reveal|transition|…
    table_name TEXT NOT NULL,
    row_key    TEXT NOT NULL,
    field      TEXT,
    old_value  TEXT,
    new_value  TEXT,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_row ON audit_log(table_name, row_key, id);

-- Unsaved form input, kept across a dropped SSH link.
CREATE TABLE drafts (
    login    TEXT NOT NULL,
    form     TEXT NOT NULL,
    row_key  TEXT NOT NULL,
    payload  TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (login, form, row_key)
);

-- Thresholds and switches (DOMAIN.md marks them [ours]).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO settings(key, value) VALUES
    ('suspected_after_days', '7'),     -- 疑似辍学: absent without reason for more than …
    ('dropout_after_days', '30'),      -- 辍学: suspected for more than …
    ('overdue_visit_days', '30'),      -- no 劝返 visit for this many days = overdue
    ('alliances_per_level', '1');      -- a school may sit in this many alliances per level
