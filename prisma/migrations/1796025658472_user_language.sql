-- Up Migration
-- The language a user chose for the web app and their documents (docs/product.md § Languages);
-- NULL: not chosen, the browser's Accept-Language decides.
ALTER TABLE users ADD COLUMN language varchar(8) CHECK (language IN ('en', 'de'));

-- Down Migration
ALTER TABLE users DROP COLUMN language;
