-- Issue 17: ledgers of items closed one by one (销号管理), and a school's dated history.

-- The kinds of item ledger. Administrators add kinds (`taizhang item-kind add`); the six
-- of the sources come with the schema. flag: the school size flag (domain::school) whose
-- schools need an open item of this kind ('large_school' 大校额, 'large_class' 大班额).
CREATE TABLE item_kinds (
    code        TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 20),
    zh          TEXT NOT NULL,
    en          TEXT NOT NULL DEFAULT '',
    flag        TEXT CHECK (flag IS NULL OR flag IN ('large_school', 'large_class')),
    position    INTEGER NOT NULL DEFAULT 100
);
INSERT INTO item_kinds(code, zh, en, flag, position) VALUES
    ('large_school', '大校额化解', 'Large school relief', 'large_school', 1),
    ('large_class',  '大班额化解', 'Large class relief', 'large_class', 2),
    ('creation',     '创建整改',   'Evaluation shortfall', NULL, 3),
    ('repair',       '校舍修复',   'Building repair', NULL, 4),
    ('toilet',       '厕所改造',   'Toilet renovation', NULL, 5),
    ('patrol',       '巡课问题',   'Class patrol finding', NULL, 6);

-- One item of a ledger (domain::items::FIELDS): a school's (or, school_id NULL, the
-- county's) problem, the measure, who answers for it and by when. Closed (销号) with a
-- date, evidence and who verified it; reopened by clearing those. Never deleted.
CREATE TABLE items (
    id           INTEGER PRIMARY KEY,
    county_code  TEXT NOT NULL REFERENCES regions(code),
    kind         TEXT NOT NULL REFERENCES item_kinds(code),
    school_id    INTEGER REFERENCES schools(id),
    problem      TEXT NOT NULL,
    measure      TEXT NOT NULL DEFAULT '',
    unit         TEXT NOT NULL DEFAULT '',
    person       TEXT NOT NULL DEFAULT '',
    opened_on    TEXT NOT NULL,
    due_on       TEXT,
    closed_on    TEXT,
    evidence     TEXT NOT NULL DEFAULT '',
    closed_by    TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX items_county ON items(county_code, kind, closed_on);
CREATE INDEX items_school ON items(school_id);

-- What happened to an item, dated: progress (the flood ledger's 日报告 is one a day),
-- close (销号) and reopen. The counts over time (open items by month) are read from these.
CREATE TABLE item_entries (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES items(id),
    on_date   TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('progress', 'close', 'reopen')),
    note      TEXT NOT NULL DEFAULT '',
    by_name   TEXT NOT NULL DEFAULT '',
    login     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX item_entries_item ON item_entries(item_id, on_date);

-- A school's dated changes (domain::history): renamed, its type, who runs it (举办者), its
-- place, merged into another school, closed (a 教学点 is a change of type). Written when the school
-- form changes those fields and by `taizhang school change`; a report lists them by year.
CREATE TABLE school_history (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES schools(id),
    on_date     TEXT NOT NULL,
    change      TEXT NOT NULL CHECK (change IN ('name', 'kind', 'operator', 'location', 'merged', 'closed')),
    old_value   TEXT NOT NULL DEFAULT '',
    new_value   TEXT NOT NULL DEFAULT '',
    other_id    INTEGER REFERENCES schools(id),
    note        TEXT NOT NULL DEFAULT '',
    login       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX school_history_school ON school_history(school_id, on_date);
