/**
 * What the operations of the ovice node share: the shape of an operation, the Request
 * Options every operation offers, and the steps several operations take on ovice's answer.
 */
import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';

import { SENDER_OPTIONS } from '../../shared/descriptions';
import { ENDPOINTS } from '../../shared/endpoints';
import type { Endpoint, EndpointKey } from '../../shared/endpoints';
import { spaceUrl } from '../../shared/transport/address';
import type { Connection, RequestSettings, WireFields } from '../../shared/transport';

/** One operation: its fields, and what it does for one input item. */
export interface OviceOperation {
	description: INodeProperties[];
	/** a notification: remembered for Retry On Fail, and counted when a run stops on an error */
	sends?: boolean;
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		connection: Connection,
	): Promise<IDataObject[]>;
}

export const showFor = (resource: string, operation: string): IDisplayOptions['show'] => ({
	resource: [resource],
	operation: [operation],
});

/**
 * n8n gives a declarative node Request Options of its own; this node keeps the ones a user
 * needs under the same name and fields, so a saved setting still applies.
 */
export const requestOptionsField: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'allowUnauthorizedCerts',
			type: 'boolean',
			default: false,
			description: 'Whether to connect even if SSL certificate validation is not possible',
			hint: 'Every request to ovice carries the API key, so while this is on an https request is refused and nothing is sent: with certificate checks off, whoever answers (a proxy included) could read the client secret.',
		},
		{
			displayName: 'Proxy',
			name: 'proxy',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://myproxy:3128',
			description: 'HTTP proxy to use for the requests to ovice',
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10000,
			description:
				'Time in ms to wait for each request, including its wait for a turn under the credential\'s "Max Requests per Second". Unset: ovice is waited for as long as n8n allows, and a turn for up to 5 minutes.',
		},
	],
};

/** The node's Request Options, read once per run, as n8n's request takes them. */
export function readRequestSettings(context: IExecuteFunctions): RequestSettings {
	const options = context.getNodeParameter('requestOptions', 0, {}) as {
		timeout?: number;
		proxy?: string;
		allowUnauthorizedCerts?: boolean;
	};
	const settings: RequestSettings = {};
	if (Number(options.timeout) > 0) settings.timeout = Number(options.timeout);
	if (options.allowUnauthorizedCerts) settings.skipSslCertificateValidation = true;
	if (options.proxy) {
		const proxy = new URL(options.proxy);
		settings.proxy = {
			protocol: proxy.protocol.replace(/:$/, ''),
			host: proxy.hostname,
			port: Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80),
			...(proxy.username
				? {
						auth: {
							username: decodeURIComponent(proxy.username),
							password: decodeURIComponent(proxy.password),
						},
					}
				: {}),
		};
	}
	return settings;
}

/** A notification's text and sender: fields of their own in version 1, under Options from version 2. */
export function readNotification(
	context: IExecuteFunctions,
	itemIndex: number,
): Record<string, unknown> {
	const message = context.getNodeParameter('message', itemIndex);
	if (context.getNode().typeVersion < 2) {
		return {
			message,
			serviceName: context.getNodeParameter('serviceName', itemIndex, SENDER_OPTIONS.serviceName),
			serviceLogoUrl: context.getNodeParameter(
				'serviceLogoUrl',
				itemIndex,
				SENDER_OPTIONS.serviceLogoUrl,
			),
		};
	}
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		message,
		serviceName: options.serviceName ?? SENDER_OPTIONS.serviceName,
		serviceLogoUrl: options.serviceLogoUrl ?? SENDER_OPTIONS.serviceLogoUrl,
	};
}

/**
 * A workspace or group picked in a resource locator, read once: its ID, and its name when it
 * was picked from the list (the locator keeps the name n8n showed).
 */
export function readLocator(
	context: IExecuteFunctions,
	name: 'workspaceId' | 'groupId',
	itemIndex: number,
): { id: unknown; name?: string } {
	const locator = context.getNodeParameter(name, itemIndex) as unknown;
	if (!locator || typeof locator !== 'object') return { id: locator };
	const { value, cachedResultName, mode } = locator as INodeParameterResourceLocator;
	return {
		id: value,
		...(mode === 'list' && typeof cachedResultName === 'string' && cachedResultName
			? { name: cachedResultName }
			: {}),
	};
}

/** The item a delivered notification gives: what it went to (target, roles) and its text, then ovice's answer. */
export function notificationItem(
	key: EndpointKey,
	sent: WireFields,
	answer: unknown,
	targetName?: string,
): IDataObject {
	const endpoint: Endpoint = ENDPOINTS[key];
	const wired = (param: string) => {
		const field = endpoint.fields.find((candidate) => candidate.param === param);
		return field ? (sent.body[field.wire] as IDataObject[string]) : undefined;
	};
	const target: IDataObject = { type: endpoint.subject?.kind ?? 'organization' };
	if (endpoint.subject) target.id = wired(endpoint.subject.param);
	if (targetName) target.name = targetName;
	const roles = wired('roles');
	if (roles !== undefined) target.roles = roles;
	return { success: true, target, message: wired('message'), ...asObject(answer) };
}

export function asObject(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

/** The entries of an ovice list as items. */
export function listItems(data: unknown): IDataObject[] {
	return (Array.isArray(data) ? data : []).map(asObject);
}

/** "Return All" off: at most "Limit" items. ovice returns whole lists, so this trims. */
export function limitUnlessAll(
	context: IExecuteFunctions,
	itemIndex: number,
	items: IDataObject[],
): IDataObject[] {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return items;
	const limit = Number(context.getNodeParameter('limit', itemIndex, 50));
	return items.slice(0, Math.max(1, Math.floor(limit)));
}

/** Adds `spaceUrl`, the browser address of the space, to workspaces that have a domain. */
export function withSpaceUrls(connection: Connection, workspaces: IDataObject[]): IDataObject[] {
	return workspaces.map((workspace) =>
		typeof workspace.domain === 'string' && workspace.domain
			? { ...workspace, spaceUrl: spaceUrl(connection.credentials.baseUrl, workspace.domain) }
			: workspace,
	);
}
