/**
 * The ovice API key on the wire: the two headers it travels in, what may not be in them,
 * where it may go, and how it is kept out of every text that comes back.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { keyOrigin, targetProblem } from './address';

/** The two headers that carry an ovice API key, as ovice documents them. */
export function keyHeaders(credentials: ICredentialDataDecryptedObject): Record<string, string> {
	return {
		client_id: String(credentials.clientId ?? ''),
		client_secret: String(credentials.clientSecret ?? ''),
	};
}

/** Whether a header value holds a character HTTP cannot carry (a line break, another control character). */
function unfitForHeader(value: string): boolean {
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		if ((code < 0x20 && code !== 0x09) || code === 0x7f || code > 0xff) return true;
	}
	return false;
}

/**
 * Why the key cannot be put in headers, or undefined when it can. Node would refuse such a
 * header only while building the request; checked first, the message can name the field.
 */
export function keyProblem(
	credentials: ICredentialDataDecryptedObject,
): { message: string; description: string } | undefined {
	for (const [field, label] of [
		['clientId', 'Client ID'],
		['clientSecret', 'Client Secret'],
	] as const) {
		if (unfitForHeader(String(credentials[field] ?? ''))) {
			return {
				message: `The ovice credential's ${label} contains a line break or another character a header cannot carry`,
				description: `Nothing was sent. Open the credential and paste the ${label} again as ovice shows it, on one line and without spaces around it.`,
			};
		}
	}
	return undefined;
}

/** Named HTML entities for the characters a key is usually made of. */
const NAMED_ENTITIES: Record<string, string[]> = {
	'/': ['sol'],
	'+': ['plus'],
	'=': ['equals'],
	'&': ['amp', 'AMP'],
	'<': ['lt', 'LT'],
	'>': ['gt', 'GT'],
	'"': ['quot', 'QUOT'],
	"'": ['apos'],
	'.': ['period'],
	_: ['lowbar', 'UnderBar'],
	':': ['colon'],
	'%': ['percnt'],
	'#': ['num'],
	'!': ['excl'],
	'?': ['quest'],
	'@': ['commat'],
	$: ['dollar'],
	'*': ['ast', 'midast'],
	',': ['comma'],
	';': ['semi'],
	'(': ['lpar'],
	')': ['rpar'],
	'[': ['lsqb', 'lbrack'],
	']': ['rsqb', 'rbrack'],
	'{': ['lcub', 'lbrace'],
	'}': ['rcub', 'rbrace'],
	'|': ['verbar', 'vert', 'VerticalLine'],
	'\\': ['bsol'],
	'^': ['Hat'],
	'`': ['grave', 'DiacriticalGrave'],
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A hexadecimal number as a pattern that accepts either case and leading zeros. */
function hexPattern(code: number): string {
	const digits = [...code.toString(16)].map((digit) =>
		/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit,
	);
	return `0*${digits.join('')}`;
}

/** Every way one character of the secret may be written back: as it is, or escaped. */
function characterPattern(character: string): string {
	const code = character.charCodeAt(0);
	const forms = [
		escapeRegExp(character),
		// JSON: \u002F (any case), and the short escapes JSON allows
		`\\\\[uU]${hexPattern(code).replace(/^0\*/, '0{0,3}')}`,
		// HTML: &#47; &#x2f; &sol;
		`&#${'0*'}${code};`,
		`&#[xX]${hexPattern(code)};`,
		...(NAMED_ENTITIES[character] ?? []).map((name) => `&${name};`),
		// URL-encoding: %2F (any case), and encoded twice: %252F
		`%(?:25)?${hexPattern(code).replace(/^0\*/, '').padStart(2, '0')}`,
	];
	if ('/"\\'.includes(character)) forms.push(`\\\\${escapeRegExp(character)}`);
	if (character === ' ') forms.push('\\+');
	return `(?:${forms.join('|')})`;
}

/**
 * The part of the base64 of `bytes` that does not depend on what stands around them, for
 * each of the three places they can start at within a longer text (offset 0, 1 or 2 of a
 * 3-byte group), with one character either side that carries some of their bits: as a
 * pattern per alphabet (standard and URL-safe).
 */
function base64Patterns(bytes: Buffer): string[] {
	const patterns: string[] = [];
	for (const offset of [0, 1, 2]) {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
			.toString('base64')
			.replace(/=+$/, '');
		const length = offset + bytes.length;
		const core = encoded.slice([0, 2, 3][offset], encoded.length - (length % 3 === 0 ? 0 : 1));
		if (core.length < 8) continue;
		patterns.push(`[A-Za-z0-9+/]?${escapeRegExp(core)}[A-Za-z0-9+/]?`);
		const urlSafe = core.replace(/\+/g, '-').replace(/\//g, '_');
		if (urlSafe !== core) patterns.push(`[A-Za-z0-9_-]?${escapeRegExp(urlSafe)}[A-Za-z0-9_-]?`);
	}
	return patterns;
}

/** The bytes as hexadecimal digits, either case. */
function hexBytesPattern(bytes: Buffer): string {
	return [...bytes.toString('hex')]
		.map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
		.join('');
}

/**
 * A function that takes the client secret out of a text from another host, however it was
 * written back (a server may echo the headers it got, and its words end up in errors and
 * items). The forms, each tested by hand in test/engine/redaction.test.ts:
 *
 * - as it is, with any of its characters JSON-escaped (`\/`, `\u0041`), HTML-escaped
 *   (`&#47;`, `&sol;`) or URL-encoded once or twice (`%2F`, `%252F`);
 * - in base64 or base64url, wherever it starts in the encoded text (alone, as
 *   `client_id:secret`, or inside a dump of the headers), and so in its JSON-escaped form;
 * - as hexadecimal, either case.
 *
 * Parsed values are passed through it again (`redactValue`), since JSON parsing turns an
 * escaped secret back into the secret. Built once per connection (a run of the node).
 */
export function secretRedactor(
	credentials: ICredentialDataDecryptedObject,
): (text: string) => string {
	const secret = String(credentials.clientSecret ?? '');
	if (!secret) return (text) => text;
	const forms = new Set([secret, JSON.stringify(secret).slice(1, -1)]);
	// Basic-auth style `client_id:secret` whole first, so that none of it is left around.
	const basic = Buffer.from(`${String(credentials.clientId ?? '')}:${secret}`).toString('base64');
	const alternatives = [escapeRegExp(basic)];
	alternatives.push(...[...forms].flatMap((form) => base64Patterns(Buffer.from(form, 'utf8'))));
	alternatives.push(hexBytesPattern(Buffer.from(secret, 'utf8')));
	alternatives.push([...secret].map(characterPattern).join(''));
	const pattern = new RegExp(alternatives.join('|'), 'g');
	return (text) => (text.length < secret.length ? text : text.replace(pattern, REDACTED));
}

/** A parsed value with the secret taken out of every text in it, keys included. */
export function redactValue(value: unknown, redact: (text: string) => string): unknown {
	if (typeof value === 'string') return redact(value);
	if (Array.isArray(value)) return value.map((entry) => redactValue(entry, redact));
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>).map(([name, entry]) => [
				redact(name),
				redactValue(entry, redact),
			]),
		);
	}
	return value;
}

/** What stands where a secret was taken out. */
const REDACTED = '[client secret removed]';

/**
 * Switches redirects off for a request that carries the key, on both of n8n's request paths:
 * `disableFollowRedirect` (httpRequest), `followRedirect` / `followAllRedirects` (the legacy
 * request path of n8n's HTTP Request node), and `maxRedirects` and cross-origin credentials
 * for the HTTP client underneath, whichever of them an n8n line reads.
 */
export function withoutRedirects<T extends object>(options: T): T {
	return Object.assign(options, {
		disableFollowRedirect: true,
		followRedirect: false,
		followAllRedirects: false,
		maxRedirects: 0,
		sendCredentialsOnCrossOriginRedirect: false,
	});
}

/**
 * The key as ovice sees it, which its rate limit and learned pace belong to: the Base URL's
 * origin (so `https://API.ovice.com:443/` and `https://api.ovice.com` are one), the
 * organization and the client ID.
 */
export function paceKeyOf(credentials: ICredentialDataDecryptedObject): string {
	return `${keyOrigin(credentials)}|${String(credentials.organizationId ?? '').trim()}|${String(credentials.clientId ?? '')}`;
}

/** What depends only on the credential: checked once per credential, not per request. */
export interface KeyFacts {
	/** why the key cannot be used at all, if it cannot */
	problem?: { message: string; description: string };
	/** the only origin the key may go to (the Base URL's) */
	origin: string;
	headers: Record<string, string>;
}

/** Facts by credential object, with the values they were worked out from. */
const factsOf = new WeakMap<object, { from: unknown[]; facts: KeyFacts }>();

const FACT_FIELDS = ['baseUrl', 'organizationId', 'clientId', 'clientSecret'] as const;

/**
 * The credential's facts, worked out again whenever a value they depend on is not what it
 * was: n8n hands `authenticate` the same credential object for every request of a run.
 */
export function keyFacts(credentials: ICredentialDataDecryptedObject): KeyFacts {
	const known = factsOf.get(credentials);
	if (known && FACT_FIELDS.every((field, index) => credentials[field] === known.from[index]))
		return known.facts;
	const problem = targetProblem(credentials) ?? keyProblem(credentials);
	const facts = {
		problem,
		origin: problem ? '' : keyOrigin(credentials),
		headers: keyHeaders(credentials),
	};
	factsOf.set(credentials, { from: FACT_FIELDS.map((field) => credentials[field]), facts });
	return facts;
}
