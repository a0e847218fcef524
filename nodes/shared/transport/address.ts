import { API_PATH_PREFIX, DEFAULT_BASE_URL } from '../endpoints';

/** The parts of the ovice credential that decide where requests go. */
interface OviceTarget {
	baseUrl?: unknown;
	organizationId?: unknown;
}

/**
 * Why the credential cannot address ovice, or undefined when it can.
 * Checked before anything is sent, so a typo never reaches the network.
 */
export function targetProblem(
	target: OviceTarget,
): { message: string; description: string } | undefined {
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
			message: `The ovice credential's Base URL "${baseUrl}" is not a full address`,
			description: `It must start with https://, for example ${DEFAULT_BASE_URL}. Use that unless ovice gave you another API host.`,
		};
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		return {
			message: `The ovice credential's Base URL "${baseUrl}" must start with https://`,
			description: `For example ${DEFAULT_BASE_URL}.`,
		};
	}
	// The key travels in headers: in clear text only to this machine (the local sandbox).
	if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname)) {
		return {
			message: `The ovice credential's Base URL "${baseUrl}" must start with https://`,
			description: `http:// would send the client secret unencrypted to ${parsed.hostname}; it is allowed only for this machine (localhost, 127.0.0.1, [::1]), where the local ovice sandbox runs. Use ${DEFAULT_BASE_URL}.`,
		};
	}
	if (
		parsed.pathname.replace(/\/+$/, '').endsWith(API_PATH_PREFIX) ||
		parsed.pathname.includes(`${API_PATH_PREFIX}/`)
	) {
		return {
			message: `The ovice credential's Base URL "${baseUrl}" already contains the API path ${API_PATH_PREFIX}`,
			description: `Enter only the host, for example ${DEFAULT_BASE_URL}: the node adds ${API_PATH_PREFIX}/{Organization ID} itself.`,
		};
	}
	return undefined;
}

/** Hosts that are this machine, where plain http cannot be read by anyone else. */
export function isLoopback(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
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
 * The same address as an n8n expression over `$credentials`, for the credential test,
 * which n8n runs declaratively.
 */
export const API_BASE_URL_EXPRESSION =
	'={{ ((String($credentials.baseUrl || "").trim() || "' +
	DEFAULT_BASE_URL +
	'").replace(new RegExp("/+$"), "")) + "' +
	API_PATH_PREFIX +
	'/" + encodeURIComponent(String($credentials.organizationId || "").trim()) }}';

/**
 * The browser address of a workspace (space), when ovice gave it a domain. ovice serves
 * spaces from the `app.` host that mirrors the `api.` host; any other host (a sandbox, a
 * proxy) is used as it is.
 */
export function spaceUrlOf(baseUrl: unknown, workspace: { domain?: unknown }): string | undefined {
	if (typeof workspace.domain !== 'string' || !workspace.domain) return undefined;
	const origin = new URL(cleanBaseUrl(baseUrl));
	if (origin.hostname.startsWith('api.')) origin.hostname = `app.${origin.hostname.slice(4)}`;
	return `${origin.origin}/ws/${encodeURIComponent(workspace.domain)}/`;
}

/** What the credential's key may reach: the Base URL's scheme, host and port. */
export function keyOrigin(target: OviceTarget): string {
	return new URL(cleanBaseUrl(target.baseUrl)).origin;
}

/** A request as either of n8n's request paths describes it (the legacy one uses `uri`). */
export interface AddressedRequest {
	uri?: unknown;
	url?: unknown;
	baseURL?: unknown;
}

const ABSOLUTE = /^([a-z][a-z\d+\-.]*:)?\/\//i;

/**
 * Where a request will really go, resolved as n8n's HTTP client (axios) resolves it: `url`
 * wins over `uri`, and counts as absolute when it has a scheme or starts with `//`; otherwise
 * it is joined to `baseURL`. Undefined when no address can be made of it.
 */
function requestDestination(options: AddressedRequest): URL | undefined {
	const raw = options.url ?? options.uri;
	const url = raw === undefined || raw === null ? '' : String(raw);
	const base =
		options.baseURL === undefined || options.baseURL === null ? '' : String(options.baseURL);
	try {
		if (ABSOLUTE.test(url) || !base) return new URL(url, base || undefined);
		return new URL(url ? `${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}` : base);
	} catch {
		return undefined;
	}
}

/**
 * Why the key must not be added to this request, or undefined when it goes to `allowed`, the
 * Base URL's origin. Any node may use the credential (n8n's HTTP Request node too), so the
 * address is checked here.
 */
export function destinationProblem(allowed: string, options: AddressedRequest): string | undefined {
	const destination = requestDestination(options);
	if (!destination) {
		return `Not sent: the request has no address that can be checked against the ovice credential's Base URL (${allowed}). The client secret goes only there.`;
	}
	if (destination.origin === allowed) return undefined;
	return `Not sent: this request goes to ${destination.host || destination.protocol}, but the ovice credential's key may only be sent to its Base URL ${allowed}. Nothing was sent. Use the credential only for requests to the ovice API, or change the request's URL.`;
}

/** How a request may travel, as either of n8n's request paths describes it. */
export interface CarriedRequest extends AddressedRequest {
	/** a proxy URL (the legacy path, n8n's HTTP Request node) or n8n's proxy object */
	proxy?: unknown;
	/** "Ignore SSL Issues" on n8n's httpRequest path */
	skipSslCertificateValidation?: unknown;
	/** "Ignore SSL Issues" on the legacy path */
	rejectUnauthorized?: unknown;
	strictSSL?: unknown;
	agentOptions?: { rejectUnauthorized?: unknown; ca?: unknown };
}

/** The proxy a request names, as a host for messages; undefined when it names none. */
function namedProxy(proxy: unknown): string | undefined {
	if (!proxy) return undefined;
	if (typeof proxy === 'string') {
		try {
			return new URL(proxy).host || proxy;
		} catch {
			return proxy;
		}
	}
	if (typeof proxy === 'object') {
		const { host, port } = proxy as { host?: unknown; port?: unknown };
		if (!host) return undefined;
		return port ? `${String(host)}:${String(port)}` : String(host);
	}
	return undefined;
}

const NOT_SENT = 'Nothing was sent.';

/**
 * Why the key must not travel the way this request would go, or undefined when it may:
 * never with certificate checks off (whoever answers could read it, a proxy included), and
 * never in clear text or under a certificate authority of the request's own through a
 * proxy the request names. n8n's own proxy settings (HTTP_PROXY/HTTPS_PROXY, set by the
 * administrator) are not part of a request and stay as they are.
 */
export function carriageProblem(
	options: CarriedRequest,
): { message: string; description: string } | undefined {
	const destination = requestDestination(options);
	const proxy = namedProxy(options.proxy);
	const unchecked =
		options.skipSslCertificateValidation === true ||
		options.rejectUnauthorized === false ||
		options.strictSSL === false ||
		options.agentOptions?.rejectUnauthorized === false;
	if (destination?.protocol === 'https:' && unchecked) {
		return {
			message: `Not sent: certificate checks are off for this request ("Ignore SSL Issues (Insecure)" is on), so whoever answers${proxy ? `, the proxy ${proxy} included,` : ''} could read the ovice client secret`,
			description: `${NOT_SENT} Turn "Ignore SSL Issues (Insecure)" off in the node's options (Request Options in the ovice node, Options in the HTTP Request node). If your network inspects TLS, the n8n administrator can trust its certificate authority with NODE_EXTRA_CA_CERTS.`,
		};
	}
	if (proxy && destination?.protocol === 'http:') {
		return {
			message: `Not sent: this request would carry the ovice client secret in clear text through the proxy ${proxy}`,
			description: `${NOT_SENT} Remove the Proxy from the node's options (Request Options in the ovice node, Options in the HTTP Request node), or use an https:// Base URL.`,
		};
	}
	if (proxy && options.agentOptions?.ca) {
		return {
			message: `Not sent: this request names a proxy (${proxy}) and a certificate authority of its own, which could let the proxy read the ovice client secret`,
			description: `${NOT_SENT} Remove the Proxy or the SSL certificates from the node.`,
		};
	}
	return undefined;
}
