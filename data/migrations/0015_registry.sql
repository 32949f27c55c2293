-- Special-group registries (issue 17): children in the watched groups (留守, 残疾, 随迁,
-- 孤儿, 事实无人抚养, 困境) kept on the 登记表, whether or not they have a dropout case.
-- Columns are the fields of domain::registry::FIELDS (read by name, written with :key).
-- A child links to a dropout case by ID number (cases.id_number), not by a copied id, so a
-- case registered later links by itself.
CREATE TABLE registry_children (
    id                INTEGER PRIMARY KEY,
    county_code       TEXT NOT NULL REFERENCES regions(code),
    school_id         INTEGER REFERENCES schools(id),
    name              TEXT NOT NULL,
    id_number         TEXT,
    sex               TEXT,
    birth_date        TEXT,
    grade             INTEGER CHECK (grade BETWEEN 1 AND 9),
    class_name        TEXT NOT NULL DEFAULT '',
    groups            TEXT NOT NULL DEFAULT '',   -- comma-separated FamilyType codes
    address           TEXT NOT NULL DEFAULT '',
    guardian          TEXT NOT NULL DEFAULT '',
    guardian_relation TEXT NOT NULL DEFAULT '',
    guardian_phone    TEXT NOT NULL DEFAULT '',
    parents_work      TEXT NOT NULL DEFAULT '',   -- where the parents work (留守, 随迁)
    parent_phone      TEXT NOT NULL DEFAULT '',
    carer             TEXT NOT NULL DEFAULT '',   -- 结对教师 / 代理家长
    placement         TEXT,                       -- 一人一案: inclusive | special_school | home_teaching
    plan              TEXT NOT NULL DEFAULT '',
    registered_on     TEXT NOT NULL,
    left_on           TEXT,                       -- no longer in a watched group (kept, never deleted)
    note              TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX registry_children_county ON registry_children(county_code, school_id, id);
CREATE INDEX registry_children_school ON registry_children(school_id, id);
CREATE INDEX registry_children_id_number ON registry_children(id_number);

-- Care contacts made with a child (家访, 电话, 谈心 …) and the 一人一案's dated reviews
-- (kind 'review'): appended, never edited.
CREATE TABLE registry_contacts (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES registry_children(id),
    happened_on TEXT NOT NULL,
    who         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX registry_contacts_child ON registry_contacts(child_id, happened_on, id);
