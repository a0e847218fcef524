/**
 * The wire requests written out by hand from the reference (ovice-public-api.md, the
 * endpoint table), not read from this package's endpoint table: if the table and the
 * sandbox were both wrong the same way, these would still disagree.
 */
import { SANDBOX_KEY, SANDBOX_ORGANIZATION_ID } from '../../sandbox/data';
import { byId, singleNodeWorkflow, useTestBed } from '../harness/fixtures';
import { SECRET_WITHHELD } from '../../sandbox/server';

const bed = useTestBed();

const ORG = SANDBOX_ORGANIZATION_ID;
const SENDER = { service_name: 'n8n', service_logo_url: 'https://example.com/logo.png' };

const cases: Array<
	[
		string,
		Record<string, unknown>,
		{ method: string; path: string; query: Record<string, string>; body?: unknown },
	]
> = [
	[
		'1. list workspaces',
		{ resource: 'workspace', operation: 'getAll', returnAll: true },
		{ method: 'GET', path: `/api/public/v1/${ORG}/organizations/workspaces`, query: {} },
	],
	[
		'2. list workspace users',
		{ resource: 'workspace', operation: 'getUsers', workspaceId: byId(101), returnAll: true },
		{
			method: 'GET',
			path: `/api/public/v1/${ORG}/workspaces/workspace_users`,
			query: { workspace_id: '101' },
		},
	],
	[
		'3. notify the organization',
		{
			resource: 'organization',
			operation: 'sendNotification',
			message: 'Hi all',
			serviceLogoUrl: SENDER.service_logo_url,
		},
		{
			method: 'POST',
			path: `/api/public/v1/${ORG}/organizations/notification`,
			query: {},
			body: { message: 'Hi all', ...SENDER },
		},
	],
	[
		'4. notify a workspace',
		{
			resource: 'workspace',
			operation: 'sendNotification',
			workspaceId: byId(101),
			roles: ['admin', 'guest'],
			message: 'Hi',
			serviceLogoUrl: SENDER.service_logo_url,
		},
		{
			method: 'POST',
			path: `/api/public/v1/${ORG}/workspaces/notification`,
			query: {},
			body: { workspace_id: 101, auth: ['admin', 'guest'], message: 'Hi', ...SENDER },
		},
	],
	[
		'5. list groups',
		{ resource: 'group', operation: 'getAll', returnAll: true },
		{ method: 'GET', path: `/api/public/v1/${ORG}/organizations/groups`, query: {} },
	],
	[
		'6. list group members',
		{ resource: 'group', operation: 'getMembers', groupId: byId(201), returnAll: true },
		{ method: 'GET', path: `/api/public/v1/${ORG}/groups/members`, query: { group_id: '201' } },
	],
	[
		'7. notify a group',
		{
			resource: 'group',
			operation: 'sendNotification',
			groupId: byId(201),
			message: 'Hi team',
			serviceLogoUrl: SENDER.service_logo_url,
		},
		{
			method: 'POST',
			path: `/api/public/v1/${ORG}/groups/notification`,
			query: {},
			body: { group_id: 201, message: 'Hi team', ...SENDER },
		},
	],
];

describe('each endpoint as the reference states it', () => {
	it.each(cases)('%s', async (_name, parameters, expected) => {
		const result = await bed.engine.run(singleNodeWorkflow(parameters as never), {
			credentials: bed.credentials,
		});
		expect(result.error).toBeUndefined();
		const [request, ...more] = await bed.client.requests();
		expect(more).toHaveLength(0);
		expect(request.method).toBe(expected.method);
		expect(request.path).toBe(expected.path);
		expect(request.query).toEqual(expected.query);
		expect(request.headers.client_id).toBe(SANDBOX_KEY.clientId);
		// The sandbox compares the secret with its key and keeps only the verdict.
		expect(request.headers.client_secret).toBe(SECRET_WITHHELD);
		expect(request.secretMatched).toBe(true);
		if (expected.method === 'GET') {
			expect(request.headers.accept).toBe('application/json');
			expect(request.body ?? '').toEqual('');
		} else {
			expect(request.body).toEqual(expected.body);
		}
	});
});

describe('node version 2: Roles default to Admin and Member, the sender under Options', () => {
	const v2 = { typeVersion: 2 };

	it('a workspace notification with nothing but the message sends admin and member, and n8n as the sender', async () => {
		const result = await bed.engine.run(
			singleNodeWorkflow(
				{
					resource: 'workspace',
					operation: 'sendNotification',
					workspaceId: byId(101),
					message: 'Stand-up',
				} as never,
				v2,
			),
			{
				credentials: bed.credentials,
			},
		);
		expect(result.error).toBeUndefined();
		const [request] = await bed.client.requests();
		expect(request.body).toEqual({
			workspace_id: 101,
			auth: ['admin', 'member'],
			message: 'Stand-up',
			service_name: 'n8n',
			service_logo_url: 'https://avatars.githubusercontent.com/u/45487711?s=200&v=4',
		});
	});

	it('the sender set under Options is what ovice receives', async () => {
		const parameters = {
			resource: 'group',
			operation: 'sendNotification',
			groupId: byId(201),
			message: 'Hi team',
			options: { serviceName: 'Facilities', serviceLogoUrl: SENDER.service_logo_url },
		};
		const result = await bed.engine.run(singleNodeWorkflow(parameters as never, v2), {
			credentials: bed.credentials,
		});
		expect(result.error).toBeUndefined();
		const [request] = await bed.client.requests();
		expect(request.body).toEqual({
			group_id: 201,
			message: 'Hi team',
			service_name: 'Facilities',
			service_logo_url: SENDER.service_logo_url,
		});
	});

	it('a version 1 node keeps its old defaults: all four roles', async () => {
		const result = await bed.engine.run(
			singleNodeWorkflow({
				resource: 'workspace',
				operation: 'sendNotification',
				workspaceId: byId(101),
				message: 'Old',
			} as never),
			{
				credentials: bed.credentials,
			},
		);
		expect(result.error).toBeUndefined();
		const [request] = await bed.client.requests();
		expect((request.body as { auth: string[] }).auth).toEqual([
			'admin',
			'member',
			'visitor',
			'guest',
		]);
	});
});
