-- Search inside one county's ledger (issue 18): a common term is found by walking the
-- registration order and testing each entry (see 0010's cases_reg_search), but walked
-- across the province a county's cases are a few per cent of the entries, so a page of a
-- county's matches meant testing tens of thousands. This index walks one county's cases
-- in registration order with the search columns riding along. It starts as
-- cases_county_reg did, which it replaces (county pages read it just the same).
CREATE INDEX cases_county_search ON cases(county_code, registered_on, id, status, name, id_rev, name_initials);
DROP INDEX cases_county_reg;
