import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { propertyHint } from './builderHints';
import { ROLES } from './endpoints';

/** Default sender shown in ovice: n8n, with n8n's public logo. */
const DEFAULT_SERVICE_NAME = 'n8n';
export const DEFAULT_SERVICE_LOGO_URL =
	'https://avatars.githubusercontent.com/u/45487711?s=200&v=4';

const ID_REGEX = '^\\s*[1-9][0-9]*\\s*$';

function locator(
	kind: 'workspace' | 'group',
	searchListMethod: string,
	show: IDisplayOptions['show'],
	description: string,
): INodeProperties {
	const label = kind === 'workspace' ? 'Workspace' : 'Group';
	return {
		displayName: label,
		name: `${kind}Id`,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		builderHint: propertyHint(
			`The ${kind}'s numeric ID, for example 101: mode "id" with the number, or mode "list" with an ID from ${kind === 'workspace' ? 'Workspace' : 'Group'} → Get Many. A name is not an ID; look the ID up first.`,
		),
		displayOptions: { show },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${kind}...`,
				typeOptions: { searchListMethod, searchable: true, searchFilterRequired: false },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 12345',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: ID_REGEX,
							errorMessage: `Enter the ${kind}'s numeric ID`,
						},
					},
				],
			},
		],
	};
}

export function workspaceLocator(show: IDisplayOptions['show']): INodeProperties {
	return locator(
		'workspace',
		'getWorkspaces',
		show,
		'The ovice workspace (space). Pick it from the list, or give its numeric ID.',
	);
}

export function groupLocator(show: IDisplayOptions['show']): INodeProperties {
	return locator(
		'group',
		'getGroups',
		show,
		'The ovice group. Pick it from the list, or give its numeric ID.',
	);
}

/** The optional sender fields under Options, with the value sent when they are not set. */
export const SENDER_OPTIONS: Record<string, string> = {
	serviceName: DEFAULT_SERVICE_NAME,
	serviceLogoUrl: DEFAULT_SERVICE_LOGO_URL,
};

function senderFields(): INodeProperties[] {
	return [
		{
			displayName: 'Sender Name',
			name: 'serviceName',
			type: 'string',
			default: DEFAULT_SERVICE_NAME,
			description: 'The name ovice shows as the notification’s sender',
		},
		{
			displayName: 'Sender Logo URL',
			name: 'serviceLogoUrl',
			type: 'string',
			default: DEFAULT_SERVICE_LOGO_URL,
			description: 'Address of the image ovice shows beside the sender name (https://…)',
		},
	];
}

/** Message and sender fields shared by every notification operation. */
export function notificationFields(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Message',
			name: 'message',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			required: true,
			placeholder: 'e.g. The all-hands starts in 10 minutes in the Main Hall',
			description: 'The notification text ovice shows to each recipient',
			builderHint: propertyHint(
				'Plain text that ovice shows as the notification. When it is an expression, the field it reads must exist in the input item: an empty message is refused and nothing is sent.',
			),
			displayOptions: { show },
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			description: `Who ovice shows as the sender; unless set, "${DEFAULT_SERVICE_NAME}" with n8n's logo`,
			options: senderFields(),
			displayOptions: { show },
		},
	];
}

/** Admin and Member: a message reaches visitors and guests only when someone chose to include them. */
const DEFAULT_ROLES = ['admin', 'member'];

const roleOptions = ROLES.map((role) => ({
	name: role.charAt(0).toUpperCase() + role.slice(1),
	value: role,
}));

// Under a `builderHint` key, so n8n's no-builder-hint-leakage rule reads the text.
const rolesHint = {
	builderHint: propertyHint(
		'Workspace roles, any of admin, member, visitor, guest (lower case). Only users with one of them are notified. Keep admin and member unless the message is meant for visitors and guests too.',
	),
};

export function rolesField(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Roles',
			name: 'roles',
			type: 'multiOptions',
			options: roleOptions,
			default: [...DEFAULT_ROLES],
			required: true,
			...rolesHint,
			description:
				'Only workspace users with one of these roles are notified. Add Visitor and Guest when the message is meant for everyone in the space.',
			displayOptions: { show },
		},
	];
}

/** "Return All" and "Limit" for a list operation; ovice returns whole lists, so the limit trims. */
export function returnAllAndLimit(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}
