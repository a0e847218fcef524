/** The node's Request Options: the field, and how a run reads it. */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RequestSettings } from '../../shared/transport';

/** Named as n8n's HTTP Request node names its options, so a user finds them where they expect. */
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
			hint: 'Requests to ovice carry the API key: with certificate checks off an https request is refused, so no one can read the secret.',
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
				'Time in ms to wait for each request, including its turn under the credential\'s "Max Requests per Second" and ovice\'s rate limit. Unset: a turn is waited for up to 5 minutes.',
		},
	],
};

/** A proxy address as n8n's request takes it, or why it cannot be one. */
function proxyOf(text: string): RequestSettings['proxy'] | string {
	let proxy: URL;
	try {
		proxy = new URL(text);
	} catch {
		return 'is not an address';
	}
	if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:')
		return 'has no http:// or https://';
	if (!proxy.hostname) return 'has no host';
	let auth: { username: string; password: string } | undefined;
	try {
		auth = proxy.username
			? {
					username: decodeURIComponent(proxy.username),
					password: decodeURIComponent(proxy.password),
				}
			: undefined;
	} catch {
		return 'has a user name or password with a broken %-escape';
	}
	return {
		protocol: proxy.protocol.replace(/:$/, ''),
		host: proxy.hostname,
		port: Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80),
		...(auth ? { auth } : {}),
	};
}

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
	const proxyText = String(options.proxy ?? '').trim();
	if (proxyText) {
		const proxy = proxyOf(proxyText);
		if (typeof proxy === 'string') {
			const shown = proxyText.length > 60 ? `${proxyText.slice(0, 60)}…` : proxyText;
			throw new NodeOperationError(
				context.getNode(),
				`Request Options → Proxy "${shown}" ${proxy}`,
				{
					description:
						'Nothing was sent. Write the proxy as http://host:port, for example http://myproxy:3128 (with a user: http://user:password@myproxy:3128), or remove the option.',
				},
			);
		}
		settings.proxy = proxy;
	}
	return settings;
}
