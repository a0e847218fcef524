/**
 * The ovice API key on the wire: the two headers it travels in, what may not be in them,
 * where it may go, and how it is kept out of every text that comes back.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

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

/**
 * A function that takes the client secret out of a text from another host: raw, URL-encoded,
 * JSON-escaped and base64 (alone and as client_id:secret). A server may echo the headers it
 * got, and its words end up in errors and items.
 */
export function secretRedactor(
	credentials: ICredentialDataDecryptedObject,
): (text: string) => string {
	const secret = String(credentials.clientSecret ?? '');
	if (!secret) return (text) => text;
	const base64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
	const forms = [
		secret,
		encodeURIComponent(secret),
		JSON.stringify(secret).slice(1, -1),
		base64(secret),
		base64(`${String(credentials.clientId ?? '')}:${secret}`),
	];
	const escaped = [...new Set(forms)]
		.sort((a, b) => b.length - a.length)
		.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	const pattern = new RegExp(escaped.join('|'), 'gi');
	return (text) => text.replace(pattern, REDACTED);
}

/** What stands where a secret was taken out. */
export const REDACTED = '[client secret removed]';

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

/** Which rate limit a request counts against: one per key and organization. */
export function rateKeyOf(credentials: ICredentialDataDecryptedObject): string {
	return `${String(credentials.baseUrl)}|${String(credentials.organizationId)}|${String(credentials.clientId)}`;
}
