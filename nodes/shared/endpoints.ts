/**
 * Every ovice Public API endpoint this package knows, described once.
 *
 * The transport (every request of the nodes, list searches and triggers), the checks
 * before sending, the local sandbox and the tests read this table. An endpoint starts here;
 * docs/development.md lists what else a new operation needs. Nothing in it goes beyond
 * what ovice documents.
 */

/** Fixed part of every ovice Public API path, before the organization ID. */
export const API_PATH_PREFIX = '/api/public/v1';

export const DEFAULT_BASE_URL = 'https://api.ovice.com';

/** The n8n credential type that holds an ovice API key. */
export const CREDENTIAL_TYPE = 'oviceApi';

export const ROLES = ['admin', 'member', 'visitor', 'guest'] as const;
export type Role = (typeof ROLES)[number];

/** How a value is checked and put on the wire. */
export type FieldKind =
	/** a numeric ovice ID, sent as a number */
	| 'id'
	/** free text that must contain something besides white space */
	| 'text'
	/** an absolute http(s) URL */
	| 'url'
	/** a non-empty list of workspace roles */
	| 'roles';

export interface EndpointField {
	/** name on the wire (query parameter or JSON body key) */
	wire: string;
	in: 'query' | 'body';
	kind: FieldKind;
	/** the node parameter that supplies it */
	param: string;
	/** how error messages name it */
	label: string;
}

export type EndpointResult =
	/** a JSON array of objects */
	| 'list'
	/** an acknowledgement of a sent notification */
	| 'sent';

export interface Endpoint {
	method: 'GET' | 'POST';
	/** path after `/api/public/v1/{organization_id}` */
	path: string;
	fields: readonly EndpointField[];
	result: EndpointResult;
	/** the ovice object a 404 from this endpoint is about, if any */
	subject?: { kind: 'workspace' | 'group'; param: string };
	summary: string;
}

const workspaceIdIn = (where: 'query' | 'body'): EndpointField => ({
	wire: 'workspace_id',
	in: where,
	kind: 'id',
	param: 'workspaceId',
	label: 'Workspace',
});

const groupIdIn = (where: 'query' | 'body'): EndpointField => ({
	wire: 'group_id',
	in: where,
	kind: 'id',
	param: 'groupId',
	label: 'Group',
});

/** What every notification carries: the text and the sender ovice shows. */
const notificationContent: readonly EndpointField[] = [
	{ wire: 'message', in: 'body', kind: 'text', param: 'message', label: 'Message' },
	{ wire: 'service_name', in: 'body', kind: 'text', param: 'serviceName', label: 'Sender Name' },
	{
		wire: 'service_logo_url',
		in: 'body',
		kind: 'url',
		param: 'serviceLogoUrl',
		label: 'Sender Logo URL',
	},
];

export const ENDPOINTS = {
	listWorkspaces: {
		method: 'GET',
		path: '/organizations/workspaces',
		fields: [],
		result: 'list',
		summary: "The organization's workspaces (spaces)",
	},
	listWorkspaceUsers: {
		method: 'GET',
		path: '/workspaces/workspace_users',
		fields: [workspaceIdIn('query')],
		result: 'list',
		subject: { kind: 'workspace', param: 'workspaceId' },
		summary: "A workspace's users with their presence status",
	},
	notifyOrganization: {
		method: 'POST',
		path: '/organizations/notification',
		fields: notificationContent,
		result: 'sent',
		summary: 'A notification to every member of the organization',
	},
	notifyWorkspace: {
		method: 'POST',
		path: '/workspaces/notification',
		fields: [
			workspaceIdIn('body'),
			{ wire: 'auth', in: 'body', kind: 'roles', param: 'roles', label: 'Roles' },
			...notificationContent,
		],
		result: 'sent',
		subject: { kind: 'workspace', param: 'workspaceId' },
		summary: "A notification to a workspace's users having one of the given roles",
	},
	listGroups: {
		method: 'GET',
		path: '/organizations/groups',
		fields: [],
		result: 'list',
		summary: "The organization's groups",
	},
	listGroupMembers: {
		method: 'GET',
		path: '/groups/members',
		fields: [groupIdIn('query')],
		result: 'list',
		subject: { kind: 'group', param: 'groupId' },
		summary: "A group's members",
	},
	notifyGroup: {
		method: 'POST',
		path: '/groups/notification',
		fields: [groupIdIn('body'), ...notificationContent],
		result: 'sent',
		subject: { kind: 'group', param: 'groupId' },
		summary: "A notification to a group's members",
	},
} as const satisfies Record<string, Endpoint>;

export type EndpointKey = keyof typeof ENDPOINTS;

export function endpoint(key: EndpointKey): Endpoint {
	return ENDPOINTS[key];
}

/** The field of `key` that the node parameter `param` feeds. */
export function fieldFor(key: EndpointKey, param: string): EndpointField {
	const field = endpoint(key).fields.find((candidate) => candidate.param === param);
	if (!field) throw new Error(`Endpoint ${key} has no field for parameter ${param}`);
	return field;
}
