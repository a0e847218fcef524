/**
 * The sandbox's control routes under `/__sandbox/`: its record, faults, rate limit, data,
 * keys, users and the webhook emitter. Only this machine reaches them (server.ts).
 */
import { generatedWorkspace, seedData } from './data';
import type { SandboxUser, SandboxWorkspace } from './data';
import { publicUser } from './api';
import { json, SECRET_WITHHELD } from './types';
import type { Answer, FaultRule, SandboxState } from './types';
import { emitProblem, emitWebhook } from './webhooks';
import type { WebhookEmission } from './webhooks';

export async function serveControl(
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
		const problem = emitProblem(input.url);
		if (problem) return json(400, { message: problem });
		const users = state.data.workspaces.flatMap((workspace) => workspace.users);
		const delivery = await emitWebhook(input as unknown as WebhookEmission, users);
		// The emitter's status is the trigger's: a refusal (401, 403…) is not a success.
		return json(delivery.status, delivery);
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

/** The seed data again, no faults, no rate limit, an empty log. */
export function resetState(state: SandboxState): void {
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

/** A sandbox's state at start: the seed data, nothing logged, keeping the newest `keep`. */
export function freshState(keep: number): SandboxState {
	return {
		data: seedData(),
		requests: [],
		notifications: [],
		faults: [],
		ratePerSecond: 0,
		rateRetryAfter: '1',
		windowStart: 0,
		windowCount: 0,
		randomSeed: 42,
		keep,
	};
}
