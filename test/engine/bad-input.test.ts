/**
 * Malformed input, as it reaches the node at run time (expressions, upstream data,
 * credentials): every case stops with an error that names the field and says what to do,
 * and nothing reaches ovice.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	byId,
	fromList,
	notifyWorkspaceParameters,
	senderOptions,
	singleNodeWorkflow,
	useTestBed,
} from '../harness/fixtures';

const bed = useTestBed();

const notify = notifyWorkspaceParameters;
const notifyGroup = (overrides: Record<string, unknown> = {}) => ({
	resource: 'group',
	operation: 'sendNotification',
	groupId: fromList(201),
	message: 'Hello',
	...overrides,
});
const expr = (code: string) => `={{ ${code} }}`;
const workspaceExpr = (code: string) => notify({ workspaceId: byId(expr(code)) });

type Case = [
	name: string,
	parameters: Record<string, unknown>,
	expected: RegExp,
	credential?: Partial<ICredentialDataDecryptedObject>,
];

const cases: Case[] = [
	// Message
	['empty message', notify({ message: expr("''") }), /^Message is empty/],
	['white-space message', notify({ message: ' \t\n ' }), /^Message is empty/],
	[
		'message resolving to null',
		notify({ message: expr('null') }),
		/^Message must be text, got null/,
	],
	[
		'message resolving to an object',
		notify({ message: expr('{ text: "hi" }') }),
		/^Message must be text, got an object/,
	],
	[
		'message resolving to an array',
		notify({ message: expr('["a", "b"]') }),
		/^Message must be text, got a list/,
	],
	[
		'message from a missing field',
		notify({ message: expr('$json.missing') }),
		/^Message is missing: its expression returned nothing/,
	],
	// Sender
	['empty sender name', notify(senderOptions({ serviceName: '' })), /^Sender Name is empty/],
	[
		'sender name resolving to null',
		notify(senderOptions({ serviceName: expr('null') })),
		/^Sender Name must be text/,
	],
	[
		'sender name resolving to an object',
		notify(senderOptions({ serviceName: expr('{}') })),
		/^Sender Name must be text/,
	],
	[
		'logo without a scheme',
		notify(senderOptions({ serviceLogoUrl: 'logo.png' })),
		/^Sender Logo URL must be an http\(s\) address/,
	],
	[
		'logo over ftp',
		notify(senderOptions({ serviceLogoUrl: 'ftp://example.com/logo.png' })),
		/^Sender Logo URL must be an http\(s\) address/,
	],
	[
		'logo as a javascript: URL',
		notify(senderOptions({ serviceLogoUrl: 'javascript:alert(1)' })),
		/^Sender Logo URL must be an http\(s\) address/,
	],
	[
		'logo resolving to null',
		notify(senderOptions({ serviceLogoUrl: expr('null') })),
		/^Sender Logo URL must be an http\(s\) address, got null/,
	],
	// Workspace ID
	[
		'non-numeric workspace ID',
		workspaceExpr("'abc'"),
		/^Workspace ID must be a positive whole number, got "abc"/,
	],
	[
		'decimal workspace ID',
		workspaceExpr('12.5'),
		/^Workspace ID must be a positive whole number, got "12.5"/,
	],
	['negative workspace ID', workspaceExpr("'-3'"), /^Workspace ID must be a positive whole number/],
	['zero workspace ID', workspaceExpr('0'), /^Workspace ID must be a positive whole number/],
	[
		'exponent workspace ID',
		workspaceExpr("'1e3'"),
		/^Workspace ID must be a positive whole number/,
	],
	[
		'workspace ID too long to be a number',
		workspaceExpr(`'${'9'.repeat(30)}'`),
		/^Workspace ID must be a positive whole number/,
	],
	['workspace ID resolving to null', workspaceExpr('null'), /Workspace/],
	['workspace ID resolving to an object', workspaceExpr('{ id: 101 }'), /Workspace/],
	['workspace ID resolving to an array', workspaceExpr('[101]'), /Workspace/],
	[
		'full-width digits as workspace ID',
		workspaceExpr("'１０１'"),
		/^Workspace ID must be a positive whole number/,
	],
	[
		'emoji in workspace ID',
		workspaceExpr("'10🙂1'"),
		/^Workspace ID must be a positive whole number/,
	],
	// Group ID
	['empty group ID from an expression', notifyGroup({ groupId: byId(expr("''")) }), /Group/],
	[
		'white-space group ID',
		notifyGroup({ groupId: byId(expr("'   '")) }),
		/^Group ID must be a positive whole number/,
	],
	[
		'boolean group ID',
		notifyGroup({ groupId: byId(expr('true')) }),
		/^Group ID must be a positive whole number/,
	],
	[
		'non-numeric group ID for Get Members',
		{ resource: 'group', operation: 'getMembers', groupId: byId(expr("'abc'")), returnAll: true },
		/^Group ID must be a positive whole number/,
	],
	// Roles
	['empty role list', notify({ roles: expr('[]') }), /^Roles is empty/],
	['unknown role', notify({ roles: expr("['owner']") }), /^Roles has unknown role "owner"/],
	['emoji role', notify({ roles: expr("['admin', '🙂']") }), /^Roles has unknown role "🙂"/],
	['roles resolving to null', notify({ roles: expr('null') }), /^Roles is empty/],
	['roles resolving to an object', notify({ roles: expr('{ admin: true }') }), /^Roles is empty/],
	// Other operations' IDs
	[
		'non-numeric ID for workspace Get',
		{ resource: 'workspace', operation: 'get', workspaceId: byId(expr("'x'")) },
		/^Workspace ID must be a positive whole number/,
	],
	[
		'negative ID for Get Users',
		{
			resource: 'workspace',
			operation: 'getUsers',
			workspaceId: byId(expr("'-1'")),
			returnAll: true,
		},
		/^Workspace ID must be a positive whole number/,
	],
	// Credential
	['missing organization ID', notify(), /no Organization ID/, { organizationId: '' }],
	[
		'organization ID with a slash',
		notify(),
		/Organization ID "a\/b" contains characters/,
		{ organizationId: 'a/b' },
	],
	[
		'organization ID with spaces',
		notify(),
		/Organization ID "my org" contains characters/,
		{ organizationId: 'my org' },
	],
	[
		'base URL that is not a URL',
		notify(),
		/Base URL "not a url" is not a full address/,
		{ baseUrl: 'not a url' },
	],
	[
		'base URL over ftp',
		notify(),
		/Base URL "ftp:\/\/api.ovice.com" must start with https:\/\//,
		{ baseUrl: 'ftp://api.ovice.com' },
	],
];

describe(`bad input (${cases.length} cases): a clear error, nothing sent`, () => {
	it('has at least 30 cases', () => {
		expect(cases.length).toBeGreaterThanOrEqual(30);
	});

	// Every row gets its credential overrides, so jest passes no `done` callback.
	const rows = cases.map(
		([name, parameters, expected, credential]) =>
			[name, parameters, expected, credential ?? {}] as const,
	);

	it.each(rows)('%s', async (_name, parameters, expected, credential) => {
		const result = await bed.engine.run(singleNodeWorkflow(parameters as never), {
			credentials: bed.credential(credential),
		});
		expect(result.error).toBeDefined();
		expect(result.error!.message).toMatch(expected);
		expect(result.error!.description ?? '').not.toBe('');
		expect(await bed.client.requests()).toHaveLength(0);
	});
});

describe('input that is unusual but valid is sent as it is', () => {
	it('unicode, emoji and a 10,000-character message', async () => {
		const message = `会議が始まります 🎉 ${'x'.repeat(10_000)}`;
		const result = await bed.engine.run(
			singleNodeWorkflow(
				notify({ message, ...senderOptions({ serviceName: 'Büro-Bot ✨' }) }) as never,
			),
			{
				credentials: bed.credentials,
			},
		);
		expect(result.error).toBeUndefined();
		const [request] = await bed.client.requests();
		expect(request.body).toMatchObject({ message, service_name: 'Büro-Bot ✨' });
	});

	it('a numeric message and an ID with spaces around it', async () => {
		const result = await bed.engine.run(
			singleNodeWorkflow(notify({ message: expr('42'), workspaceId: byId(' 102 ') }) as never),
			{
				credentials: bed.credentials,
			},
		);
		expect(result.error).toBeUndefined();
		const [request] = await bed.client.requests();
		expect(request.body).toMatchObject({ message: '42', workspace_id: 102 });
	});
});
