import { API_PATH_PREFIX, DEFAULT_BASE_URL } from './endpoints';

/** The parts of the ovice credential that decide where requests go. */
export interface OviceTarget {
	baseUrl?: unknown;
	organizationId?: unknown;
}

/**
 * Why the credential cannot address ovice, or undefined when it can.
 * Checked before anything is sent, so a typo never reaches the network.
 */
export function targetProblem(target: OviceTarget): { message: string; description: string } | undefined {
	const organizationId = String(target.organizationId ?? '').trim();
	if (!organizationId) {
		return {
			message: 'The ovice credential has no Organization ID',
			description: 'Open the credential and enter the ID of your ovice organization.',
		};
	}
	if (/[/?#\s]/.test(organizationId)) {
		return {
			message: `The ovice credential's Organization ID "${organizationId}" contains characters an ID cannot have`,
			description: 'An organization ID has no /, ?, # or spaces. Copy it again from ovice.',
		};
	}
	const baseUrl = String(target.baseUrl ?? DEFAULT_BASE_URL).trim() || DEFAULT_BASE_URL;
	let parsed: URL;
	try {
		parsed = new URL(baseUrl);
	} catch {
		return {
			message: `The ovice credential's Base URL "${baseUrl}" is not a URL`,
			description: `Use ${DEFAULT_BASE_URL} unless ovice gave you another API host.`,
		};
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		return {
			message: `The ovice credential's Base URL "${baseUrl}" must start with https://`,
			description: `For example ${DEFAULT_BASE_URL}.`,
		};
	}
	return undefined;
}

function cleanBaseUrl(baseUrl: unknown): string {
	const text = String(baseUrl ?? '').trim() || DEFAULT_BASE_URL;
	return text.replace(/\/+$/, '');
}

/** `https://api.ovice.com/api/public/v1/{organization_id}`, without a trailing slash. */
export function apiBaseUrl(target: OviceTarget): string {
	const organizationId = encodeURIComponent(String(target.organizationId ?? '').trim());
	return `${cleanBaseUrl(target.baseUrl)}${API_PATH_PREFIX}/${organizationId}`;
}

/**
 * The same address as an n8n expression over `$credentials`, for places n8n resolves
 * declaratively (the credential test and the node's request defaults).
 */
export const API_BASE_URL_EXPRESSION =
	'={{ ((String($credentials.baseUrl || "").trim() || "' +
	DEFAULT_BASE_URL +
	'").replace(new RegExp("/+$"), "")) + "' +
	API_PATH_PREFIX +
	'/" + encodeURIComponent(String($credentials.organizationId || "").trim()) }}';

/**
 * The browser address of a space. ovice serves spaces from the `app.` host that mirrors
 * the `api.` host; any other host (a sandbox, a proxy) is used as it is.
 */
export function spaceUrl(baseUrl: unknown, domain: string): string {
	const origin = new URL(cleanBaseUrl(baseUrl));
	if (origin.hostname.startsWith('api.')) origin.hostname = `app.${origin.hostname.slice(4)}`;
	return `${origin.origin}/ws/${encodeURIComponent(domain)}/`;
}
