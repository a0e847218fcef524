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

export const ROLES = ['admin', 'member', 'visitor', 'guest'] as const;
export type Role = (typeof ROLES)[number];

/** How a value is checked and put on the wire. */
type FieldKind =
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

/** The shape of ovice's answer. */
type EndpointResult =
	/** a JSON array of objects */
	| 'list'
	/** a JSON acknowledgement */
	| 'acknowledgement';

/**
 * What a request does in ovice: the one definition of a send. A send is never repeated once
 * it may have been processed, is remembered for Retry On Fail and counted as delivered.
 */
type EndpointEffect = 'read' | 'send';

export interface Endpoint {
	method: 'GET' | 'POST';
	/** path after `/api/public/v1/{organization_id}` */
	path: string;
	fields: readonly EndpointField[];
	effect: EndpointEffect;
	result: EndpointResult;
	/** the ovice object a 404 from this endpoint is about, if any */
	subject?: { kind: 'workspace' | 'group'; param: string };
	summary: string;
}

export const workspaceIdIn = (where: 'query' | 'body'): EndpointField => ({
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
		effect: 'read',
		result: 'list',
		summary: "The organization's workspaces (spaces)",
	},
	listWorkspaceUsers: {
		method: 'GET',
		path: '/workspaces/workspace_users',
		fields: [workspaceIdIn('query')],
		effect: 'read',
		result: 'list',
		subject: { kind: 'workspace', param: 'workspaceId' },
		summary: "A workspace's users with their presence status",
	},
	notifyOrganization: {
		method: 'POST',
		path: '/organizations/notification',
		fields: notificationContent,
		effect: 'send',
		result: 'acknowledgement',
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
		effect: 'send',
		result: 'acknowledgement',
		subject: { kind: 'workspace', param: 'workspaceId' },
		summary: "A notification to a workspace's users having one of the given roles",
	},
	listGroups: {
		method: 'GET',
		path: '/organizations/groups',
		fields: [],
		effect: 'read',
		result: 'list',
		summary: "The organization's groups",
	},
	listGroupMembers: {
		method: 'GET',
		path: '/groups/members',
		fields: [groupIdIn('query')],
		effect: 'read',
		result: 'list',
		subject: { kind: 'group', param: 'groupId' },
		summary: "A group's members",
	},
	notifyGroup: {
		method: 'POST',
		path: '/groups/notification',
		fields: [groupIdIn('body'), ...notificationContent],
		effect: 'send',
		result: 'acknowledgement',
		subject: { kind: 'group', param: 'groupId' },
		summary: "A notification to a group's members",
	},
} as const satisfies Record<string, Endpoint>;

export type EndpointKey = keyof typeof ENDPOINTS;

/** Whether calling the endpoint sends something (a notification) rather than reads. */
export function sends(target: Endpoint | EndpointKey): boolean {
	return (typeof target === 'string' ? ENDPOINTS[target] : target).effect === 'send';
}
