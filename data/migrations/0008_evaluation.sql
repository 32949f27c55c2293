-- Issue 16: the 2017 self-evaluation sheet and the teacher rotations it counts.

-- One confirmed hand item of a county's sheet for a year (domain::evaluation). item: the
-- item's code (g1 … s1). value: as entered (a number for threshold items). met: 1 or 0.
CREATE TABLE evaluation_entries (
    county_code   TEXT NOT NULL REFERENCES regions(code),
    year          INTEGER NOT NULL,
    item          TEXT NOT NULL,
    value         TEXT NOT NULL DEFAULT '',
    met           INTEGER NOT NULL CHECK (met IN (0, 1)),
    evidence      TEXT NOT NULL,
    confirmed_on  TEXT NOT NULL,
    confirmed_by  TEXT NOT NULL,
    PRIMARY KEY (county_code, year, item)
);

-- Teacher rotation (交流轮岗) per county, year and school (school_id NULL: the county as a
-- whole, e.g. 县管校聘). eligible: teachers due to rotate; cadres: principals and cadres.
CREATE TABLE rotations (
    id                 INTEGER PRIMARY KEY,
    county_code        TEXT NOT NULL REFERENCES regions(code),
    year               INTEGER NOT NULL,
    school_id          INTEGER REFERENCES schools(id),
    eligible_teachers  INTEGER CHECK (eligible_teachers >= 0),
    rotated_teachers   INTEGER CHECK (rotated_teachers >= 0),
    rotated_backbone   INTEGER CHECK (rotated_backbone >= 0),
    eligible_cadres    INTEGER CHECK (eligible_cadres >= 0),
    rotated_cadres     INTEGER CHECK (rotated_cadres >= 0),
    note               TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX rotations_key ON rotations(county_code, year, coalesce(school_id, 0));

-- Disabled children placed, as entered by the county (随班就读, 特教学校, 送教上门). When all
-- three are entered they are the enrolment rate's numerator; otherwise the ledger's cases are.
ALTER TABLE county_facts ADD COLUMN disabled_inclusive INTEGER CHECK (disabled_inclusive >= 0);
ALTER TABLE county_facts ADD COLUMN disabled_special_school INTEGER CHECK (disabled_special_school >= 0);
ALTER TABLE county_facts ADD COLUMN disabled_home_teaching INTEGER CHECK (disabled_home_teaching >= 0);
