-- Issue 16: enrolment by school and stage, and classes by size band, per school year (the
-- year the school year starts in: 2025 is 2025–26). stage: 'primary' (小学) or 'junior' (初中).

-- 在校生 at the start of the school year: the denominator of the 辍学率 (docs/domain.md §8).
CREATE TABLE enrolment (
    county_code  TEXT NOT NULL REFERENCES regions(code),
    year         INTEGER NOT NULL,
    school_id    INTEGER NOT NULL REFERENCES schools(id),
    stage        TEXT NOT NULL CHECK (stage IN ('primary', 'junior')),
    students     INTEGER CHECK (students >= 0),
    PRIMARY KEY (county_code, year, school_id, stage)
);

-- Classes counted by size band: the 班额 item (≤ 45 小学, ≤ 50 初中) and 大班额 (56–65) /
-- 超大班额 (66+) followed over the years.
CREATE TABLE class_sizes (
    county_code    TEXT NOT NULL REFERENCES regions(code),
    year           INTEGER NOT NULL,
    school_id      INTEGER NOT NULL REFERENCES schools(id),
    stage          TEXT NOT NULL CHECK (stage IN ('primary', 'junior')),
    up_to_45       INTEGER CHECK (up_to_45 >= 0),
    from_46_to_50  INTEGER CHECK (from_46_to_50 >= 0),
    from_51_to_55  INTEGER CHECK (from_51_to_55 >= 0),
    from_56_to_65  INTEGER CHECK (from_56_to_65 >= 0),
    over_65        INTEGER CHECK (over_65 >= 0),
    PRIMARY KEY (county_code, year, school_id, stage)
);
