-- The month's cycle settings a county sets for itself (domain::cycle_settings): the
-- deadline day and the 疑似→辍学, visit and 跟踪巩固 thresholds. A row overrides the
-- province-wide value in `settings`; no row means the county follows it.
CREATE TABLE county_settings (
    county_code  TEXT NOT NULL REFERENCES regions(code),
    key          TEXT NOT NULL,
    value        INTEGER NOT NULL,
    PRIMARY KEY (county_code, key)
) WITHOUT ROWID;
