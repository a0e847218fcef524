/**
 * The login of the local n8n that `npm start` runs, the token its MCP server example asks
 * of MCP clients and the token its webhook example's URL carries: random values made on
 * first start, kept in the user folder (inside
 * the runtime cache) readable by its owner only.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Owner } from './rest-api';

export function ownerFile(userFolder: string): string {
	return join(userFolder, 'owner-login.json');
}

export function localOwner(userFolder: string): Owner {
	const file = ownerFile(userFolder);
	if (existsSync(file)) {
		chmodSync(file, 0o600);
		return JSON.parse(readFileSync(file, 'utf8')) as Owner;
	}
	// n8n wants 8 to 64 characters with a digit and a capital letter.
	const owner: Owner = {
		email: 'owner@example.com',
		password: `Ov1-${randomBytes(15).toString('base64url')}`,
		firstName: 'Local',
		lastName: 'Owner',
	};
	writeFileSync(file, `${JSON.stringify(owner, null, 2)}\n`, { mode: 0o600 });
	chmodSync(file, 0o600);
	return owner;
}

export function mcpTokenFile(userFolder: string): string {
	return join(userFolder, 'mcp-token.txt');
}

export function webhookTokenFile(userFolder: string): string {
	return join(userFolder, 'webhook-token.txt');
}

/** A random URL-safe token kept in `file`, made on first use. */
function localToken(file: string): string {
	if (existsSync(file)) {
		chmodSync(file, 0o600);
		return readFileSync(file, 'utf8').trim();
	}
	const token = randomBytes(24).toString('base64url');
	writeFileSync(file, `${token}\n`, { mode: 0o600 });
	chmodSync(file, 0o600);
	return token;
}

/** The bearer token of the MCP server example (the "ovice MCP token" credential). */
export function localMcpToken(userFolder: string): string {
	return localToken(mcpTokenFile(userFolder));
}

/** The token the webhook example's URL carries (the "ovice webhook token" credential). */
export function localWebhookToken(userFolder: string): string {
	return localToken(webhookTokenFile(userFolder));
}
