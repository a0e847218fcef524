/**
 * Every operation's request as ovice's reference states it (ovice-public-api.md), written
 * out by hand and not read from the endpoint table: if the table and the sandbox were wrong
 * the same way, these would still disagree. One case per operation, keyed
 * `resource.operation`; test/completeness.test.ts fails for an operation without one.
 */
import { SANDBOX_ORGANIZATION_ID } from '../../sandbox/data';
import { byId } from '../harness/fixtures';

const ORG = SANDBOX_ORGANIZATION_ID;
const LOGO = 'https://example.com/logo.png';

export interface ReferenceCase {
	/** numbered as the reference numbers its endpoints */
	title: string;
	parameters: Record<string, unknown>;
	/** the sender's logo, set under Options */
	logo?: string;
	expected: { method: 'GET' | 'POST'; path: string; query: Record<string, string>; body?: unknown };
}

export const REFERENCE_CASES: Record<string, ReferenceCase> = {
	'workspace.getAll': {
		title: '1. list workspaces',
		parameters: { resource: 'workspace', operation: 'getAll', returnAll: true },
		expected: { method: 'GET', path: `/api/public/v1/${ORG}/organizations/workspaces`, query: {} },
	},
	'workspace.get': {
		title: '1. list workspaces, for one of them',
		parameters: { resource: 'workspace', operation: 'get', workspaceId: byId(102) },
		expected: { method: 'GET', path: `/api/public/v1/${ORG}/organizations/workspaces`, query: {} },
	},
	'workspace.getUsers': {
		title: '2. list workspace users',
		parameters: {
			resource: 'workspace',
			operation: 'getUsers',
			workspaceId: byId(101),
			returnAll: true,
		},
		expected: {
			method: 'GET',
			path: `/api/public/v1/${ORG}/workspaces/workspace_users`,
			query: { workspace_id: '101' },
		},
	},
	'organization.sendNotification': {
		title: '3. notify the organization',
		parameters: { resource: 'organization', operation: 'sendNotification', message: 'Hi all' },
		logo: LOGO,
		expected: {
			method: 'POST',
			path: `/api/public/v1/${ORG}/organizations/notification`,
			query: {},
			body: { message: 'Hi all', service_name: 'n8n', service_logo_url: LOGO },
		},
	},
	'workspace.sendNotification': {
		title: '4. notify a workspace',
		parameters: {
			resource: 'workspace',
			operation: 'sendNotification',
			workspaceId: byId(101),
			roles: ['admin', 'guest'],
			message: 'Hi',
		},
		logo: LOGO,
		expected: {
			method: 'POST',
			path: `/api/public/v1/${ORG}/workspaces/notification`,
			query: {},
			body: {
				workspace_id: 101,
				auth: ['admin', 'guest'],
				message: 'Hi',
				service_name: 'n8n',
				service_logo_url: LOGO,
			},
		},
	},
	'group.getAll': {
		title: '5. list groups',
		parameters: { resource: 'group', operation: 'getAll', returnAll: true },
		expected: { method: 'GET', path: `/api/public/v1/${ORG}/organizations/groups`, query: {} },
	},
	'group.getMembers': {
		title: '6. list group members',
		parameters: { resource: 'group', operation: 'getMembers', groupId: byId(201), returnAll: true },
		expected: {
			method: 'GET',
			path: `/api/public/v1/${ORG}/groups/members`,
			query: { group_id: '201' },
		},
	},
	'group.sendNotification': {
		title: '7. notify a group',
		parameters: {
			resource: 'group',
			operation: 'sendNotification',
			groupId: byId(201),
			message: 'Hi team',
		},
		logo: LOGO,
		expected: {
			method: 'POST',
			path: `/api/public/v1/${ORG}/groups/notification`,
			query: {},
			body: { group_id: 201, message: 'Hi team', service_name: 'n8n', service_logo_url: LOGO },
		},
	},
};

/** A case's node parameters, the sender's logo under Options where the node keeps it. */
export function caseParameters(referenceCase: ReferenceCase): Record<string, unknown> {
	const { parameters, logo } = referenceCase;
	return logo ? { ...parameters, options: { serviceLogoUrl: logo } } : parameters;
}
