-- School designations (issue 17): tags a county defines (冰球基点学校, 省级绿色学校 …) and
-- gives to its schools with a date and a level. A tag given twice at another level is a
-- second row; a tag taken back keeps its row with revoked_on.
CREATE TABLE tags (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions(code),
    name        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    UNIQUE (region_code, name)
);

CREATE TABLE school_tags (
    id         INTEGER PRIMARY KEY,
    school_id  INTEGER NOT NULL REFERENCES schools(id),
    tag_id     INTEGER NOT NULL REFERENCES tags(id),
    level      TEXT NOT NULL CHECK (level IN ('national', 'province', 'city', 'county')),
    given_on   TEXT NOT NULL,
    revoked_on TEXT,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX school_tags_school ON school_tags(school_id, tag_id);
CREATE INDEX school_tags_tag ON school_tags(tag_id, school_id);
