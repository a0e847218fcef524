import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	Icon,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { OVICE_API_CREDENTIAL } from '../nodes/shared/credentialNames';
import { DEFAULT_BASE_URL, ENDPOINTS } from '../nodes/shared/endpoints';
import {
	API_BASE_URL_EXPRESSION,
	carriageProblem,
	destinationProblem,
	keyFacts,
	withoutRedirects,
} from '../nodes/shared/transport/guards';
import type { AddressedRequest, CarriedRequest } from '../nodes/shared/transport/guards';

const CHECK_KEY =
	'Check the Client ID and Client Secret: an organization owner finds the key in ovice under Organization settings → API management → Console. The secret is shown only once; if it is lost, delete the key and generate a new one.';

/**
 * Shown under the Base URL: when the host cannot be reached, n8n's own credential tester
 * words the answer before any rule of ours applies (n8n 2.x the bare socket code from
 * `error.cause.code`, n8n 1.x a generic text), so the explanation stands beside the field.
 */
const UNREACHABLE_HINT =
	'If the Test answers with a code such as ECONNREFUSED, ENOTFOUND or ETIMEDOUT, n8n could not reach this host: check the address and the network.';

/** Redirect statuses: the test never follows one, so the key goes nowhere else. */
const REDIRECTS = [301, 302, 303, 307, 308];

export class OviceApi implements ICredentialType {
	name = OVICE_API_CREDENTIAL;

	displayName = 'Ovice API';

	icon: Icon = { light: 'file:../icons/ovice.svg', dark: 'file:../icons/ovice.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-ovice#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				'Only an ovice organization owner can create an API key: Organization settings → API management → Console → Generate API key. ovice allows one key per organization.',
			name: 'keyNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The client ID shown when the API key was generated in ovice',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The client secret shown once when the API key was generated. If it is lost, delete the key in ovice and generate a new one.',
		},
		{
			displayName: 'Organization ID',
			name: 'organizationId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 1234',
			description: 'The ID of your ovice organization; every API address includes it',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				'The ovice API host. Keep the default unless ovice gave you another environment, or you point it at the local ovice sandbox.',
			hint: UNREACHABLE_HINT,
		},
		{
			displayName: 'Max Requests per Second',
			name: 'maxRequestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description:
				"Most requests per second sent with this credential, per n8n process; 0: no ceiling. ovice's own 429 answers slow the key either way.",
		},
	];

	// A function rather than n8n's generic header template: the template is an expression
	// that n8n evaluates again for every request, which dominated large runs. It is also the
	// last point before the key leaves n8n, for this package's nodes, the Test button and the
	// HTTP Request node alike: the key is added only to a request for the Base URL's origin,
	// never with certificate checks off or in clear text through a proxy the request names,
	// and no request carrying it follows a redirect on either of n8n's request paths.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { problem, origin, headers } = keyFacts(credentials);
		if (problem) throw new Error(`${problem.message}. ${problem.description}`);
		const elsewhere = destinationProblem(origin, requestOptions as AddressedRequest);
		if (elsewhere) throw new Error(elsewhere);
		const carriage = carriageProblem(requestOptions as CarriedRequest);
		if (carriage) throw new Error(`${carriage.message}. ${carriage.description}`);
		requestOptions.headers = { ...requestOptions.headers, ...headers };
		return withoutRedirects(requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: API_BASE_URL_EXPRESSION,
			url: ENDPOINTS.listWorkspaces.path,
			method: ENDPOINTS.listWorkspaces.method,
			headers: { Accept: 'application/json' },
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: `ovice rejected the API key. ${CHECK_KEY}` },
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: `ovice refused this API key: it may be deactivated. An organization owner can set it active again in ovice (Organization settings → API management → Console → Actions → Update). ${CHECK_KEY}`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'ovice does not know this organization. Check the Organization ID and the Base URL.',
				},
			},
			...REDIRECTS.map((status) => ({
				type: 'responseCode' as const,
				properties: {
					value: status,
					message: `The Base URL redirected to another address (HTTP ${status}); the test did not follow it, so the key was not sent there. ovice's API does not redirect: check the Base URL (https://api.ovice.com unless ovice gave you another host).`,
				},
			})),
		],
	};
}
