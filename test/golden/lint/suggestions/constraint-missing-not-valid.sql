-- check-named.sql
alter table billing.invoices add constraint "total ≥ 0" check (total >= 0) not valid;
-- then, in the next migration:
ALTER TABLE billing.invoices VALIDATE CONSTRAINT "total ≥ 0";

-- check-two-columns.sql
alter table users add constraint users_check check (age > 0 or email is not null) not valid;
-- then, in the next migration:
ALTER TABLE users VALIDATE CONSTRAINT users_check;

-- foreign-key-unnamed.sql
alter table users add constraint users_org_id_fkey foreign key (org_id) references orgs (id) on delete set null not valid;
-- then, in the next migration:
ALTER TABLE users VALIDATE CONSTRAINT users_org_id_fkey;
