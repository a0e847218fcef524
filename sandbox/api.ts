/**
 * The ovice Public API as the sandbox serves it: exactly the endpoints of the package's
 * endpoint table, with header authentication, validation as ovice documents it, and faults.
 */
import type { IncomingMessage } from 'node:http';

import { API_PATH_PREFIX, ENDPOINTS, ROLES } from '../nodes/shared/endpoints';
import type { Endpoint, EndpointField, EndpointKey } from '../nodes/shared/endpoints';
import type { SandboxData, SandboxUser } from './data';
import { faultAnswer, MALFORMED, overRateLimit, takeFault } from './faults';
import { keepNewest, keptText, keyOf } from './log';
import { json } from './types';
import type { Answer, DeliveredNotification, RecordedRequest, SandboxState } from './types';

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

export function publicUser(user: SandboxUser) {
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
		keepNewest(
			state.notifications,
			{
				endpoint: key,
				target,
				message: keptText(String(input.message)),
				serviceName: String(input.service_name),
				serviceLogoUrl: String(input.service_logo_url),
				recipients,
				at: now,
			},
			state.keep,
		);
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function serveApi(
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
