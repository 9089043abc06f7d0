/**
 * The largest value of a PostgreSQL `integer` (int4), the type of every id and count column. Ids,
 * offsets and indexes above it are refused as bad input (400) before they reach the database.
 */
export const MAX_INT4 = 2_147_483_647;
