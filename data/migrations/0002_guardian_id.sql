-- 监护人身份证号: the guardian's ID number (personal data, masked like the child's).
ALTER TABLE cases ADD COLUMN guardian_id_number TEXT;
