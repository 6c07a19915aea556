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

-- inline-in-add-column.sql
ALTER TABLE users ADD COLUMN manager_id bigint, ADD COLUMN age_checked int4 CHECK (age_checked > 0) NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES users (id) ON DELETE SET NULL NOT VALID;
-- then, in the next migration:
ALTER TABLE users VALIDATE CONSTRAINT users_manager_id_fkey;

-- inline-in-add-column.sql
ALTER TABLE users ADD COLUMN manager_id bigint REFERENCES users (id) ON DELETE SET NULL, ADD COLUMN age_checked int4 NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_age_checked_check CHECK (age_checked > 0) NOT VALID;
-- then, in the next migration:
ALTER TABLE users VALIDATE CONSTRAINT users_age_checked_check;
