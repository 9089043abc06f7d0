#!/usr/bin/env node
// `npm run users -- <command>`: manage accounts from the command line (docs/product.md § Roles).
//   list
//   create <username> <displayName> <ADMIN|EDITOR>   (password from TDGEN_PASSWORD or prompted)
//   disable <username> | enable <username>
//   reset-password <username>                        (password from TDGEN_PASSWORD or prompted)
// Uses DATABASE_URL, or the embedded database of `npm start` when it is running.
import { hash } from '@node-rs/argon2';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { ROOT, withClient } from './db.mjs';

function databaseUrl() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  try {
    return readFileSync(path.join(ROOT, '.data', 'database-url'), 'utf8').trim();
  } catch {
    fail('DATABASE_URL is not set and no embedded database was found (.data/database-url); run `npm start` first');
  }
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

async function password() {
  const fromEnv = process.env.TDGEN_PASSWORD;
  const value =
    fromEnv ??
    (await readline.createInterface({ input: process.stdin, output: process.stdout }).question('New password: '));
  if (value.length < 8) fail('The password must have at least 8 characters');
  return value;
}

const [command, ...args] = process.argv.slice(2);
const url = databaseUrl();
await withClient(url, async (c) => {
  switch (command) {
    case 'list': {
      const { rows } = await c.query('SELECT username, display_name, role, disabled_at FROM users ORDER BY username');
      for (const r of rows)
        console.log(
          `${r.username.padEnd(20)} ${r.role.padEnd(7)} ${r.disabled_at ? 'disabled' : 'active  '} ${r.display_name}`,
        );
      break;
    }
    case 'create': {
      const [username, displayName, role] = args;
      if (!username || !displayName || !['ADMIN', 'EDITOR'].includes(role))
        fail('usage: create <username> <displayName> <ADMIN|EDITOR>');
      if (!/^[a-zA-Z0-9._-]{2,40}$/.test(username)) fail('username: 2–40 letters, digits, dot, dash or underscore');
      const { rowCount } = await c.query(
        'INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING',
        [username.toLowerCase(), displayName, role, await hash(await password())],
      );
      if (!rowCount) fail(`User ${username} already exists`);
      console.log(`Created ${username}`);
      break;
    }
    case 'disable':
    case 'enable': {
      const { rowCount } = await c.query(
        // Moving the session epoch ends the user's existing sign-ins (their tokens are refused).
        `UPDATE users SET disabled_at = ${command === 'disable' ? 'coalesce(disabled_at, now())' : 'NULL'},
           session_epoch = session_epoch + 1 WHERE username = $1`,
        [String(args[0]).toLowerCase()],
      );
      if (!rowCount) fail(`No user ${args[0]}`);
      console.log(`${command}d ${args[0]}`);
      break;
    }
    case 'reset-password': {
      const { rowCount } = await c.query(
        'UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1 WHERE username = $2',
        [await hash(await password()), String(args[0]).toLowerCase()],
      );
      if (!rowCount) fail(`No user ${args[0]}`);
      console.log(`Password of ${args[0]} reset`);
      break;
    }
    default:
      fail(
        'usage: npm run users -- list | create <username> <displayName> <ADMIN|EDITOR> | disable <username> | enable <username> | reset-password <username>',
      );
  }
});
