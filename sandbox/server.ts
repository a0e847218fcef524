/**
 * A local stand-in for the ovice Public API. It serves exactly the endpoints of the
 * package's endpoint table, with header authentication, seeded demo data, a record of
 * every request, and switches for faults. Control routes live under `/__sandbox/`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { API_PATH_PREFIX, ENDPOINTS, ROLES } from '../nodes/shared/endpoints';
import type { Endpoint, EndpointField, EndpointKey } from '../nodes/shared/endpoints';
import { readBodyBytes } from './body';
import { docsPage } from './docs';
import { generatedWorkspace, seedData } from './data';
import type { SandboxData, SandboxUser, SandboxWorkspace } from './data';
import { emitWebhook } from './webhooks';
import type { WebhookEmission } from './webhooks';

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: unknown;
	endpoint?: EndpointKey;
	/**
	 * Whether the client_secret header matched the secret of the key its client_id names:
	 * the log keeps this, never the value (see SECRET_WITHHELD).
	 */
	secretMatched: boolean;
	status: number;
	at: string;
}

/**
 * What the request log and control answers show instead of a secret header's value: a
 * real key typed into a sandbox credential must not be readable from the sandbox.
 */
export const SECRET_WITHHELD = '[withheld by the sandbox]';

/** Headers whose values may carry a secret. */
const SECRET_HEADERS = new Set(['client_secret', 'authorization', 'proxy-authorization', 'cookie']);

export interface DeliveredNotification {
	endpoint: EndpointKey;
	target: { kind: 'organization' | 'workspace' | 'group'; id?: number; roles?: string[] };
	message: string;
	serviceName: string;
	serviceLogoUrl: string;
	recipients: number[];
	at: string;
}

/** A fault the sandbox injects into matching API requests. */
export interface FaultRule {
	/** answer with this status instead of the real answer */
	status?: number;
	/** seconds, sent as Retry-After with the `status` answer */
	retryAfter?: number;
	/** answer `status` (default 302) with this Location: a redirect to another host or port */
	redirectTo?: string;
	/** the body of the `status` answer (default: a short JSON or HTML error) */
	body?: unknown;
	/** the body of the `status` answer exactly as written, e.g. JSON with escapes ovice might use */
	rawBody?: string;
	/** the content type of `rawBody` (default application/json) */
	contentType?: string;
	/** wait this long before answering */
	delayMs?: number;
	/** answer 200 with a body that is not what the API promises */
	malformed?: 'html' | 'truncated' | 'empty' | 'object';
	/** carry the request out before answering with `status` (the caller cannot know it worked) */
	afterProcessing?: boolean;
	/** answer `status` (default 400) with a text that repeats the request's key headers, as a careless server might */
	echoHeaders?: boolean;
	/** only requests whose path contains this */
	path?: string;
	method?: string;
	/** how many requests it hits; -1 for all (default 1) */
	times?: number;
	/** let this many matching requests through before it hits (default 0) */
	after?: number;
	/** probability (0..1) of hitting a matching request; deterministic sequence */
	rate?: number;
}

export interface SandboxOptions {
	port?: number;
	host?: string;
	/** print each API request to the console */
	log?: boolean;
}

export interface Sandbox {
	url: string;
	port: number;
	data: SandboxData;
	requests: RecordedRequest[];
	notifications: DeliveredNotification[];
	close(): Promise<void>;
}

interface SandboxState {
	data: SandboxData;
	requests: RecordedRequest[];
	notifications: DeliveredNotification[];
	faults: Array<FaultRule & { hits: number; passed: number }>;
	/** requests per second the API accepts before answering 429; 0 for no limit */
	ratePerSecond: number;
	/** the Retry-After of those 429s, exactly as sent; undefined for none */
	rateRetryAfter?: string;
	windowStart: number;
	windowCount: number;
	randomSeed: number;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

const MAX_BODY_BYTES = 1024 * 1024;

function json(status: number, body: unknown, headers?: Record<string, string>): Answer {
	return { status, body, headers };
}

async function readBody(request: IncomingMessage): Promise<string> {
	return (await readBodyBytes(request, MAX_BODY_BYTES)).toString('utf8');
}

function send(response: ServerResponse, answer: Answer): void {
	const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
	response.writeHead(answer.status, {
		'content-type':
			typeof answer.body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
		...answer.headers,
	});
	response.end(text);
}

/** Checks a value the way ovice is documented to take it; returns a complaint or undefined. */
function fieldComplaint(field: EndpointField, value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return `${field.wire} is required`;
	switch (field.kind) {
		case 'id': {
			const number = typeof value === 'string' ? Number(value) : value;
			return typeof number === 'number' && Number.isInteger(number) && number > 0
				? undefined
				: `${field.wire} must be a positive integer`;
		}
		case 'text':
			return typeof value === 'string' && value.trim()
				? undefined
				: `${field.wire} must be a non-empty string`;
		case 'url':
			return typeof value === 'string' && /^https?:\/\//.test(value)
				? undefined
				: `${field.wire} must be a URL`;
		case 'roles':
			return Array.isArray(value) &&
				value.length > 0 &&
				value.every((role) => (ROLES as readonly unknown[]).includes(role))
				? undefined
				: `${field.wire} must be a non-empty array of ${ROLES.join(', ')}`;
	}
}

function publicUser(user: SandboxUser) {
	return { id: user.id, name: user.name, email: user.email, status: user.status };
}

function allUsers(data: SandboxData): Map<number, SandboxUser> {
	const users = new Map<number, SandboxUser>();
	for (const workspace of data.workspaces)
		for (const user of workspace.users) users.set(user.id, user);
	return users;
}

/** The API's answer to a request that passed authentication and validation. */
function serveEndpoint(
	state: SandboxState,
	key: EndpointKey,
	input: Record<string, unknown>,
): Answer {
	const { data } = state;
	const now = new Date().toISOString();
	const findWorkspace = () =>
		data.workspaces.find((workspace) => workspace.id === Number(input.workspace_id));
	const findGroup = () => data.groups.find((group) => group.id === Number(input.group_id));
	const notify = (target: DeliveredNotification['target'], recipients: number[]): Answer => {
		state.notifications.push({
			endpoint: key,
			target,
			message: String(input.message),
			serviceName: String(input.service_name),
			serviceLogoUrl: String(input.service_logo_url),
			recipients,
			at: now,
		});
		return json(200, {});
	};

	switch (key) {
		case 'listWorkspaces':
			return json(
				200,
				data.workspaces.map(({ id, name, domain }) => ({ id, name, domain })),
			);
		case 'listWorkspaceUsers': {
			const workspace = findWorkspace();
			if (!workspace) return json(404, { message: 'workspace not found' });
			return json(200, workspace.users.map(publicUser));
		}
		case 'notifyOrganization':
			return notify({ kind: 'organization' }, [...allUsers(data).keys()]);
		case 'notifyWorkspace': {
			const workspace = findWorkspace();
			if (!workspace) return json(404, { message: 'workspace not found' });
			const roles = input.auth as string[];
			return notify(
				{ kind: 'workspace', id: workspace.id, roles },
				workspace.users.filter((user) => roles.includes(user.role)).map((user) => user.id),
			);
		}
		case 'listGroups':
			return json(
				200,
				data.groups.map(({ id, name }) => ({ id, name })),
			);
		case 'listGroupMembers': {
			const group = findGroup();
			if (!group) return json(404, { message: 'group not found' });
			const users = allUsers(data);
			return json(
				200,
				group.memberIds.flatMap((id) => {
					const member = users.get(id);
					return member ? [{ id: member.id, name: member.name, email: member.email }] : [];
				}),
			);
		}
		case 'notifyGroup': {
			const group = findGroup();
			if (!group) return json(404, { message: 'group not found' });
			return notify({ kind: 'group', id: group.id }, [...group.memberIds]);
		}
	}
}

function matchEndpoint(method: string, path: string): EndpointKey | undefined {
	return (Object.keys(ENDPOINTS) as EndpointKey[]).find((key) => {
		const spec: Endpoint = ENDPOINTS[key];
		return spec.method === method && spec.path === path;
	});
}

/** A deterministic stand-in for Math.random, so fault runs repeat. */
function nextRandom(state: SandboxState): number {
	state.randomSeed = (state.randomSeed * 1103515245 + 12345) % 2147483648;
	return state.randomSeed / 2147483648;
}

function takeFault(state: SandboxState, method: string, path: string): FaultRule | undefined {
	for (const fault of state.faults) {
		if (fault.path && !path.includes(fault.path)) continue;
		if (fault.method && fault.method.toUpperCase() !== method) continue;
		const times = fault.times ?? 1;
		if (times !== -1 && fault.hits >= times) continue;
		if (fault.after && fault.passed < fault.after) {
			fault.passed++;
			continue;
		}
		if (fault.rate !== undefined && nextRandom(state) >= fault.rate) continue;
		fault.hits++;
		return fault;
	}
	return undefined;
}

function overRateLimit(state: SandboxState): boolean {
	if (!state.ratePerSecond) return false;
	const now = Date.now();
	if (now - state.windowStart >= 1000) {
		state.windowStart = now;
		state.windowCount = 0;
	}
	state.windowCount++;
	return state.windowCount > state.ratePerSecond;
}

const MALFORMED: Record<NonNullable<FaultRule['malformed']>, Answer> = {
	html: { status: 200, body: '<html><body><h1>Maintenance</h1></body></html>' },
	truncated: {
		status: 200,
		body: '[{"id": 101, "name": "Tok',
		headers: { 'content-type': 'application/json' },
	},
	empty: { status: 200, body: '', headers: { 'content-type': 'application/json' } },
	object: json(200, { unexpected: true }),
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function serveApi(
	state: SandboxState,
	request: IncomingMessage,
	url: URL,
	rawBody: string,
	record: RecordedRequest,
): Promise<Answer> {
	const method = request.method ?? 'GET';
	const prefix = `${API_PATH_PREFIX}/`;
	const rest = url.pathname.slice(prefix.length);
	const slash = rest.indexOf('/');
	const organizationId = decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash));
	const endpointPath = slash === -1 ? '' : rest.slice(slash);
	const key = matchEndpoint(method, endpointPath);
	record.endpoint = key;

	const fault = takeFault(state, method, url.pathname);
	if (fault?.delayMs) await sleep(fault.delayMs);
	if (overRateLimit(state))
		return json(
			429,
			{ message: 'Too Many Requests' },
			state.rateRetryAfter === undefined ? {} : { 'retry-after': state.rateRetryAfter },
		);
	if (fault?.malformed) return MALFORMED[fault.malformed];
	if (fault?.echoHeaders) {
		return {
			status: fault.status ?? 400,
			body: `bad header client_id=${String(request.headers.client_id)} client_secret=${String(request.headers.client_secret)}`,
		};
	}
	if ((fault?.status || fault?.redirectTo) && !fault.afterProcessing) return faultAnswer(fault);

	const apiKey = keyOf(state, request);
	if (!apiKey || !record.secretMatched) {
		return json(401, { message: 'invalid client_id or client_secret' });
	}
	if (!apiKey.active) return json(403, { message: 'this API key is inactive' });
	if (organizationId !== state.data.organizationId)
		return json(404, { message: 'organization not found' });
	if (!key) return json(404, { message: `no such endpoint: ${method} ${endpointPath}` });

	let body: Record<string, unknown> = {};
	if (ENDPOINTS[key].method === 'POST') {
		try {
			body = JSON.parse(rawBody || 'null') as Record<string, unknown>;
		} catch {
			return json(400, { message: 'request body is not valid JSON' });
		}
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			return json(422, { message: 'request body must be a JSON object' });
		}
	}
	const input: Record<string, unknown> = { ...Object.fromEntries(url.searchParams), ...body };
	for (const field of ENDPOINTS[key].fields) {
		const complaint = fieldComplaint(field, input[field.wire]);
		if (complaint) return json(422, { message: complaint });
	}
	const answer = serveEndpoint(state, key, input);
	if (fault?.status) return faultAnswer(fault);
	return answer;
}

function keyOf(state: SandboxState, request: IncomingMessage) {
	return state.data.keys.find((candidate) => candidate.clientId === request.headers.client_id);
}

/** A request as the log keeps it: secret headers replaced by SECRET_WITHHELD. */
function recordOf(
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
		body: parseMaybe(rawBody),
		secretMatched:
			request.headers.client_secret !== undefined &&
			keyOf(state, request)?.clientSecret === request.headers.client_secret,
		status: 0,
		at: new Date().toISOString(),
	};
}

function faultAnswer(fault: FaultRule): Answer {
	const status = fault.status ?? 500;
	const headers: Record<string, string> = {};
	if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
	if (fault.redirectTo)
		return {
			status: fault.status ?? 302,
			body: '',
			headers: { ...headers, location: fault.redirectTo },
		};
	if (fault.rawBody !== undefined)
		return {
			status,
			body: fault.rawBody,
			headers: { ...headers, 'content-type': fault.contentType ?? 'application/json' },
		};
	if (fault.body !== undefined) return json(status, fault.body, headers);
	if (status >= 500 && status !== 503)
		return { status, body: '<html><body>Internal Server Error</body></html>', headers };
	return json(
		status,
		{ message: status === 429 ? 'Too Many Requests' : 'Service Unavailable' },
		headers,
	);
}

async function serveControl(
	state: SandboxState,
	method: string,
	url: URL,
	rawBody: string,
): Promise<Answer> {
	const route = url.pathname.slice('/__sandbox'.length);
	const input = (rawBody ? JSON.parse(rawBody) : {}) as Record<string, unknown>;
	const parts = route.split('/').filter(Boolean);

	if (route === '/requests' && method === 'GET') return json(200, state.requests);
	if (route === '/requests' && method === 'DELETE') {
		state.requests.length = 0;
		return json(200, {});
	}
	if (route === '/notifications' && method === 'GET') return json(200, state.notifications);
	if (route === '/reset' && method === 'POST') {
		resetState(state);
		return json(200, {});
	}
	if (route === '/faults' && method === 'POST') {
		state.faults.push({ ...(input as FaultRule), hits: 0, passed: 0 });
		return json(200, state.faults);
	}
	if (route === '/faults' && method === 'DELETE') {
		state.faults.length = 0;
		return json(200, {});
	}
	if (route === '/rate-limit' && method === 'POST') {
		state.ratePerSecond = Number(input.perSecond) || 0;
		// Retry-After as given (any text, to try what a server might send), "1" unless set; null: none.
		state.rateRetryAfter = input.retryAfter === null ? undefined : String(input.retryAfter ?? '1');
		return json(200, { perSecond: state.ratePerSecond, retryAfter: state.rateRetryAfter });
	}
	if (route === '/data' && method === 'GET') {
		return json(200, {
			...state.data,
			keys: state.data.keys.map((apiKey) => ({ ...apiKey, clientSecret: SECRET_WITHHELD })),
		});
	}
	if (route === '/webhooks/emit' && method === 'POST') {
		const users = state.data.workspaces.flatMap((workspace) => workspace.users);
		return json(200, await emitWebhook(input as unknown as WebhookEmission, users));
	}
	if (parts[0] === 'keys' && parts[1] && method === 'PATCH') {
		const apiKey = state.data.keys.find(
			(candidate) => candidate.clientId === decodeURIComponent(parts[1]),
		);
		if (!apiKey) return json(404, { message: 'no such key' });
		apiKey.active = Boolean(input.active);
		return json(200, { clientId: apiKey.clientId, active: apiKey.active });
	}
	if (parts[0] === 'workspaces' && method === 'POST' && parts.length === 1) {
		const workspace = generatedWorkspace(Number(input.id), Number(input.users ?? 0));
		state.data.workspaces = state.data.workspaces.filter(
			(existing) => existing.id !== workspace.id,
		);
		state.data.workspaces.push(workspace);
		return json(200, { id: workspace.id, users: workspace.users.length });
	}
	if (parts[0] === 'workspaces' && parts[2] === 'users') {
		return changeUser(
			state.data.workspaces.find((candidate) => candidate.id === Number(parts[1])),
			method,
			parts[3],
			input,
		);
	}
	return json(404, { message: `no sandbox control route ${method} ${route}` });
}

/** Status changes, arrivals and departures, as ovice users would cause them. */
function changeUser(
	workspace: SandboxWorkspace | undefined,
	method: string,
	userId: string | undefined,
	input: Record<string, unknown>,
): Answer {
	if (!workspace) return json(404, { message: 'no such workspace' });
	if (method === 'POST' && !userId) {
		const user = { role: 'member', status: 'online', ...input } as SandboxUser;
		workspace.users = workspace.users.filter((existing) => existing.id !== user.id);
		workspace.users.push(user);
		return json(200, user);
	}
	const user = workspace.users.find((candidate) => candidate.id === Number(userId));
	if (!user) return json(404, { message: 'no such user' });
	if (method === 'PATCH') {
		Object.assign(user, input);
		return json(200, publicUser(user));
	}
	if (method === 'DELETE') {
		workspace.users = workspace.users.filter((candidate) => candidate !== user);
		return json(200, {});
	}
	return json(405, { message: 'method not allowed' });
}

function spacePage(domain: string): Answer {
	const safe = domain.replace(/[^a-z0-9-]/gi, '');
	return {
		status: 200,
		body: `<!doctype html><html><head><title>${safe} · ovice sandbox</title></head><body><h1>ovice sandbox</h1><p>This stands for the ovice space <b>${safe}</b>.</p></body></html>`,
	};
}

function resetState(state: SandboxState): void {
	state.data = seedData();
	state.requests.length = 0;
	state.notifications.length = 0;
	state.faults.length = 0;
	state.ratePerSecond = 0;
	state.rateRetryAfter = '1';
	state.windowStart = 0;
	state.windowCount = 0;
	state.randomSeed = 42;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const state: SandboxState = {
		data: seedData(),
		requests: [],
		notifications: [],
		faults: [],
		ratePerSecond: 0,
		rateRetryAfter: '1',
		windowStart: 0,
		windowCount: 0,
		randomSeed: 42,
	};

	const server: Server = createServer((request, response) => {
		void (async () => {
			const url = new URL(request.url ?? '/', 'http://sandbox.local');
			const method = request.method ?? 'GET';
			// A web page the user visits could reach this port through a DNS name that
			// points here (DNS rebinding): only this machine's own names are answered.
			if (!isLocalHostHeader(request.headers.host, options.host)) {
				send(
					response,
					json(421, { message: 'the sandbox answers only Host localhost, 127.0.0.1 or [::1]' }),
				);
				return;
			}
			let rawBody = '';
			try {
				rawBody = await readBody(request);
			} catch {
				send(response, json(413, { message: 'request body too large' }));
				return;
			}
			try {
				if (url.pathname.startsWith('/__sandbox/')) {
					// A page can send text/plain POSTs without asking first (no CORS preflight);
					// application/json it cannot, so control requests must say JSON.
					if (
						method !== 'GET' &&
						!/^application\/json\b/i.test(String(request.headers['content-type'] ?? ''))
					) {
						send(
							response,
							json(415, { message: 'control requests must be sent as application/json' }),
						);
						return;
					}
					send(response, await serveControl(state, method, url, rawBody));
				} else if (url.pathname.startsWith(`${API_PATH_PREFIX}/`)) {
					const record = recordOf(state, request, url, rawBody);
					state.requests.push(record);
					const answer = await serveApi(state, request, url, rawBody, record);
					record.status = answer.status;
					if (options.log) console.log(`${method} ${url.pathname}${url.search} → ${answer.status}`);
					send(response, answer);
				} else if (url.pathname.startsWith('/ws/')) {
					send(response, spacePage(decodeURIComponent(url.pathname.split('/')[2] ?? '')));
				} else if (url.pathname === '/docs' || url.pathname.startsWith('/docs/')) {
					const page = docsPage(url.pathname);
					send(
						response,
						page ? { status: 200, body: page.html } : json(404, { message: 'not found' }),
					);
				} else if (url.pathname === '/healthz') {
					send(response, json(200, { status: 'ok' }));
				} else {
					send(response, json(404, { message: 'not found' }));
				}
			} catch (error) {
				send(response, json(500, { message: `sandbox error: ${(error as Error).message}` }));
			}
		})();
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const sandbox: Sandbox = {
		url: `http://${options.host ?? '127.0.0.1'}:${port}`,
		port,
		get data() {
			return state.data;
		},
		requests: state.requests,
		notifications: state.notifications,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
	return sandbox;
}

/** Whether a Host header names this machine (any port), or the host the sandbox listens on. */
export function isLocalHostHeader(host: string | undefined, listeningOn?: string): boolean {
	if (!host) return false;
	const name = host.startsWith('[')
		? host.slice(0, host.indexOf(']') + 1)
		: host.replace(/:\d+$/, '');
	return ['localhost', '127.0.0.1', '[::1]', ...(listeningOn ? [listeningOn] : [])].includes(
		name.toLowerCase(),
	);
}

function parseMaybe(text: string): unknown {
	if (!text) return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
