-- Verification rounds (排查, 四查三比对; docs/domain.md §9): a round of a county (or one
-- school) on a date with a purpose and the lists it compared (comma-separated codes:
-- hukou,xueji,present,poverty), and one finding per child checked: its class
-- (in_school|not_enrolled|not_present|poverty_not_enrolled|elsewhere|open_case|unmatched),
-- the lists that named it, whether it was matched by name + birth date + school only, and
-- the case it became (or already was).
CREATE TABLE verify_rounds (
    id           INTEGER PRIMARY KEY,
    county_code  TEXT NOT NULL REFERENCES regions(code),
    school_id    INTEGER REFERENCES schools(id),
    held_on      TEXT NOT NULL,
    purpose      TEXT NOT NULL DEFAULT '',
    lists        TEXT NOT NULL,
    checked      INTEGER NOT NULL,          -- 人次: children checked
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX verify_rounds_county ON verify_rounds(county_code, held_on, id);

CREATE TABLE verify_findings (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES verify_rounds(id),
    class        TEXT NOT NULL,
    id_number    TEXT,
    name         TEXT NOT NULL DEFAULT '',
    birth_date   TEXT,
    school_text  TEXT NOT NULL DEFAULT '',
    lists        TEXT NOT NULL,
    weak         INTEGER NOT NULL DEFAULT 0,
    case_id      INTEGER REFERENCES cases(id)
);
CREATE INDEX verify_findings_round ON verify_findings(round_id, class, id);
