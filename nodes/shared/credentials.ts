import { NodeOperationError } from 'n8n-workflow';
import type { FunctionsBase, ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './endpoints';
import type { OviceTarget } from './urls';

/** Within one execution a node re-reads its credential at most this often. */
const CREDENTIAL_REUSE_MS = 5_000;
const credentialsByRun = new Map<string, { at: number; data: Promise<ICredentialDataDecryptedObject> }>();

/** The current execution's ID; none in the editor (list searches). */
export function executionIdOf(context: FunctionsBase): string | undefined {
	try {
		return context.getExecutionId() || undefined;
	} catch {
		return undefined;
	}
}

/**
 * One entry per execution, node and credential (n8n hands each item its own copy of the
 * node). Outside an execution (list searches in the editor) nothing is reused.
 */
function runKey(context: FunctionsBase, node: INode): string | undefined {
	const execution = executionIdOf(context);
	if (!execution) return undefined;
	return `${execution}|${node.name}|${node.credentials?.[CREDENTIAL_TYPE]?.id ?? ''}`;
}

/**
 * The node's ovice credential, read once for all the items of a run: n8n decrypts a
 * credential on every read, and the routing needs it before and around each request.
 */
export async function oviceCredentials(context: FunctionsBase): Promise<ICredentialDataDecryptedObject> {
	const node = context.getNode();
	const key = runKey(context, node);
	if (key === undefined) return await context.getCredentials(CREDENTIAL_TYPE);
	const now = Date.now();
	const cached = credentialsByRun.get(key);
	if (cached && now - cached.at < CREDENTIAL_REUSE_MS) return await cached.data;
	for (const [old, entry] of credentialsByRun) if (now - entry.at >= CREDENTIAL_REUSE_MS) credentialsByRun.delete(old);
	const data = context.getCredentials(CREDENTIAL_TYPE);
	credentialsByRun.set(key, { at: now, data });
	try {
		return await data;
	} catch (error) {
		credentialsByRun.delete(key);
		throw new NodeOperationError(node, error as Error);
	}
}

/** The credential's address fields (never its secret, which n8n adds to requests itself). */
export async function readTarget(context: FunctionsBase): Promise<OviceTarget> {
	const credentials = await oviceCredentials(context);
	return { baseUrl: credentials.baseUrl, organizationId: credentials.organizationId };
}


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
export function keyProblem(credentials: ICredentialDataDecryptedObject): { message: string; description: string } | undefined {
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
export function secretRedactor(credentials: ICredentialDataDecryptedObject): (text: string) => string {
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
	const escaped = [...new Set(forms)].sort((a, b) => b.length - a.length).map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
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
