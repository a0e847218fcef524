/**
 * The sandbox's record of what it received: each API request (secret headers withheld) and
 * each notification delivered. It keeps the newest `keep` of each, with bodies and messages
 * over BODY_KEPT characters cut, so a long-running `npm start` holds a bounded amount
 * whatever is sent to it.
 */
import type { IncomingMessage } from 'node:http';

import { SECRET_WITHHELD } from './types';
import type { RecordedRequest, SandboxState } from './types';

/** Headers whose values may carry a secret. */
const SECRET_HEADERS = new Set(['client_secret', 'authorization', 'proxy-authorization', 'cookie']);

/** The most characters of a body or message the log keeps; the rest is cut. */
export const BODY_KEPT = 16 * 1024;

/** A text as the log keeps it: cut after BODY_KEPT characters, saying how long it was. */
export function keptText(text: string): string {
	if (text.length <= BODY_KEPT) return text;
	// A copy: a slice of a string keeps the whole of it alive in V8.
	const kept = Buffer.from(text.slice(0, BODY_KEPT), 'utf8').toString('utf8');
	return `${kept}… (${text.length} characters, cut by the sandbox)`;
}

/** Adds an entry to a log, dropping the oldest beyond `keep` (a tenth at a time). */
export function keepNewest<T>(log: T[], entry: T, keep: number): void {
	log.push(entry);
	if (log.length > keep) log.splice(0, log.length - keep + Math.ceil(keep / 10));
}

export function keyOf(state: SandboxState, request: IncomingMessage) {
	return state.data.keys.find((candidate) => candidate.clientId === request.headers.client_id);
}

/** A request as the log keeps it: secret headers replaced by SECRET_WITHHELD. */
export function recordOf(
	state: SandboxState,
	request: IncomingMessage,
	url: URL,
	rawBody: string,
): RecordedRequest {
	return {
		method: request.method ?? 'GET',
		path: url.pathname,
		query: Object.fromEntries(url.searchParams),
		headers: Object.fromEntries(
			Object.entries(request.headers).map(([name, value]) => [
				name,
				SECRET_HEADERS.has(name) ? SECRET_WITHHELD : String(value),
			]),
		),
		body: rawBody.length > BODY_KEPT ? keptText(rawBody) : parseMaybe(rawBody),
		secretMatched:
			request.headers.client_secret !== undefined &&
			keyOf(state, request)?.clientSecret === request.headers.client_secret,
		status: 0,
		at: new Date().toISOString(),
	};
}

function parseMaybe(text: string): unknown {
	if (!text) return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
