-- named.sql
alter domain positive_amount add constraint positive_amount_check check (value > 0) not valid;
-- then, in the next migration:
ALTER DOMAIN positive_amount VALIDATE CONSTRAINT positive_amount_check;
