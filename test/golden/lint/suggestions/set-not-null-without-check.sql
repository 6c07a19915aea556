-- plain.sql
ALTER TABLE users ADD CONSTRAINT users_email_not_null_check CHECK (email IS NOT NULL) NOT VALID;
-- then, in the next migration:
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null_check;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_not_null_check;

-- quoted-keyword.sql
ALTER TABLE "Order Items" ADD CONSTRAINT "Order Items_limit_not_null_check" CHECK ("limit" IS NOT NULL) NOT VALID;
-- then, in the next migration:
ALTER TABLE "Order Items" VALIDATE CONSTRAINT "Order Items_limit_not_null_check";
ALTER TABLE "Order Items" ALTER COLUMN "limit" SET NOT NULL;
ALTER TABLE "Order Items" DROP CONSTRAINT "Order Items_limit_not_null_check";

-- schema-qualified.sql
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_total_not_null_check CHECK (total IS NOT NULL) NOT VALID;
-- then, in the next migration:
ALTER TABLE billing.invoices VALIDATE CONSTRAINT invoices_total_not_null_check;
ALTER TABLE billing.invoices ALTER COLUMN total SET NOT NULL;
ALTER TABLE billing.invoices DROP CONSTRAINT invoices_total_not_null_check;
