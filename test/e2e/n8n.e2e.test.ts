/**
 * The package inside a real, pinned n8n server (the one `npm start` runs), installed as
 * the Community Nodes installer installs it, driven through n8n's REST API and its
 * production webhook URLs, against the ovice sandbox.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { everyOperation } from '../../nodes/Ovice/actions/operations';
import { ENDPOINTS } from '../../nodes/shared/endpoints';
import { INACTIVE_KEY, SANDBOX_KEY, SANDBOX_ORGANIZATION_ID } from '../../sandbox/data';
import { SandboxClient } from '../../sandbox/client';
import type { RecordedRequest } from '../../sandbox/server';
import { sandboxCredentialData, withCredential } from '../../scripts/n8n/local';
import { useCatcher } from '../harness/catcher';
import { startHttpsFront, startProxy } from '../harness/proxies';
import type { TestProxy } from '../harness/proxies';
import { PACKAGE_ROOT } from '../../scripts/n8n/install-package';
import {
	activateWebhook,
	notificationsWorkflow,
	executionsOf,
	itemsWorkflow,
	knockWorkflow,
	oviceWorkflow,
	runManually,
	runSaved,
	waitForExecution,
} from '../../scripts/n8n/runs';
import { batchSuite } from './batch.suite';
import { mcpInitialize, stopMidway, unreachableAnswer, useLocalN8n } from './e2e-bed';
import { SECRET_WITHHELD } from '../../sandbox/server';

const bed = useLocalN8n();
const sandbox = () => new SandboxClient(bed.local.sandbox.url);
const apiPath = (path: string) => `/api/public/v1/${SANDBOX_ORGANIZATION_ID}${path}`;
const rl = (value: number) => ({ __rl: true, mode: 'list', value: String(value) });
/** The major version of the n8n under test (OVICE_N8N_VERSION; 2.41.1 by default). */
const n8nLine = () => Number(bed.local.runtime.n8nVersion.split('.')[0]);

beforeEach(async () => {
	await sandbox().reset();
});

describe("installed by n8n's manual route (npm install in ~/.n8n/nodes)", () => {
	it('n8n loads the three nodes and the AI tool variant under n8n-nodes-ovice.*', async () => {
		const types = (await bed.local.api.nodeTypes())
			.map((type) => type.name)
			.filter((name) => name.startsWith('n8n-nodes-ovice.'));
		expect([...new Set(types)].sort()).toEqual([
			'n8n-nodes-ovice.ovice',
			'n8n-nodes-ovice.ovicePresenceTrigger',
			'n8n-nodes-ovice.oviceTool',
			'n8n-nodes-ovice.oviceWebhookTrigger',
		]);
	});

	it("hands n8n's AI Workflow Builder a hint for each node, naming only nodes this n8n has", async () => {
		const types = (await bed.local.api.nodeTypes()) as Array<{
			name: string;
			builderHint?: { searchHint?: string; relatedNodes?: Array<{ nodeType: string }> };
		}>;
		const names = new Set(types.map((type) => type.name));
		for (const name of ['ovice', 'oviceWebhookTrigger', 'ovicePresenceTrigger']) {
			const hint = types.find((type) => type.name === `n8n-nodes-ovice.${name}`)?.builderHint;
			expect({ name, searchHint: (hint?.searchHint ?? '').length > 100 }).toEqual({
				name,
				searchHint: true,
			});
			for (const related of hint?.relatedNodes ?? []) {
				// The langchain nodes (AI Agent) are n8n's too, on both lines.
				expect({ name, related: related.nodeType, known: names.has(related.nodeType) }).toEqual({
					name,
					related: related.nodeType,
					known: true,
				});
			}
		}
	});

	it("writes nothing into n8n's installed-packages tables: Settings lists no community package", async () => {
		const packages = await bed.local.api.call<Array<{ packageName: string }>>(
			'GET',
			'/community-packages',
		);
		expect(packages.map((entry) => entry.packageName)).not.toContain('n8n-nodes-ovice');
	});
});

describe("n8n serves the package's output schemas", () => {
	it('GET /schemas/<node>/<version>/<resource>/<operation>.json answers the schema in the package (2.x; 1.x reported)', async () => {
		const url = `${bed.local.server.url}/schemas/n8n-nodes-ovice.ovice/1.0.0/workspace/getUsers.json`;
		const response = await request(url);
		const text = await response.body.text();
		process.stdout.write(
			`n8n ${bed.local.runtime.n8nVersion}: ${url} answered ${response.statusCode}\n`,
		);
		if (n8nLine() === 1 && response.statusCode !== 200) return;
		expect(response.statusCode).toBe(200);
		const shipped = readFileSync(
			join(
				PACKAGE_ROOT,
				'dist',
				'nodes',
				'Ovice',
				'__schema__',
				'v1.0.0',
				'workspace',
				'getUsers.json',
			),
			'utf8',
		);
		expect(JSON.parse(text)).toEqual(JSON.parse(shipped));
	});
});

describe('credential Test button', () => {
	const data = (overrides: Record<string, string> = {}) => ({
		clientId: SANDBOX_KEY.clientId,
		clientSecret: SANDBOX_KEY.clientSecret,
		organizationId: SANDBOX_ORGANIZATION_ID,
		baseUrl: bed.local.sandbox.url,
		...overrides,
	});

	it('passes with the sandbox key', async () => {
		expect(await bed.local.api.testCredential(bed.local.credential, 'oviceApi', data())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	});

	it('explains a wrong secret', async () => {
		const result = await bed.local.api.testCredential(
			bed.local.credential,
			'oviceApi',
			data({ clientSecret: 'wrong' }),
		);
		expect(result.status).toBe('Error');
		if (n8nLine() === 1) {
			// n8n 1.x's error class drops the request error its tester reads the status from,
			// so the credential's own rules never apply there: this is n8n's own text.
			expect(result.message).toBe('Authorization failed - please check your credentials');
			return;
		}
		expect(result.message).toContain('ovice rejected the API key');
		expect(result.message).toContain('API management');
	});

	it('explains a deactivated key', async () => {
		const result = await bed.local.api.testCredential(
			bed.local.credential,
			'oviceApi',
			data({ clientId: INACTIVE_KEY.clientId, clientSecret: INACTIVE_KEY.clientSecret }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(
			n8nLine() === 1 ? 'Forbidden - perhaps check your credentials?' : 'deactivated',
		);
	});

	it('explains a Base URL without https:// and one that already holds the API path', async () => {
		const bare = await bed.local.api.testCredential(
			bed.local.credential,
			'oviceApi',
			data({ baseUrl: 'api.ovice.com' }),
		);
		expect(bare.status).toBe('Error');
		expect(bare.message).toContain(
			'The ovice credential\'s Base URL "api.ovice.com" is not a full address. It must start with https://',
		);
		const withPath = await bed.local.api.testCredential(
			bed.local.credential,
			'oviceApi',
			data({ baseUrl: `${bed.local.sandbox.url}/api/public/v1` }),
		);
		expect(withPath.status).toBe('Error');
		expect(withPath.message).toContain('already contains the API path /api/public/v1');
	});

	it("answers an unreachable host with n8n's own text (on 2.x the bare socket code), which the Base URL's hint explains", async () => {
		// n8n 2.x's credential tester reports `error.cause.code` for a request that got no
		// answer, before a credential's rules or messages apply; n8n 1.x loses the cause (see
		// above) and shows its error class's own text. This pins that limit on both lines.
		const result = await bed.local.api.testCredential(
			bed.local.credential,
			'oviceApi',
			data({ baseUrl: 'http://127.0.0.1:9' }),
		);
		expect(result).toEqual({
			status: 'Error',
			message: unreachableAnswer(bed.local.runtime.n8nVersion),
		});
	});
});

describe('every action operation in a real workflow', () => {
	const cases: Array<
		[
			string,
			Record<string, unknown>,
			(request: RecordedRequest) => void,
			(items: Array<Record<string, unknown>>) => void,
		]
	> = [
		[
			'workspace Get Many',
			{ resource: 'workspace', operation: 'getAll', returnAll: true },
			(request) =>
				expect([request.method, request.path]).toEqual([
					'GET',
					apiPath(ENDPOINTS.listWorkspaces.path),
				]),
			(items) =>
				expect(items.map((item) => item.name)).toEqual([
					'Tokyo HQ',
					'Osaka Studio',
					'Remote Lounge',
				]),
		],
		[
			'workspace Get',
			{ resource: 'workspace', operation: 'get', workspaceId: rl(103) },
			(request) => expect(request.path).toBe(apiPath(ENDPOINTS.listWorkspaces.path)),
			(items) =>
				expect(items).toEqual([
					expect.objectContaining({
						id: 103,
						spaceUrl: `${bed.local.sandbox.url}/ws/remote-lounge/`,
					}),
				]),
		],
		[
			'workspace Get Users',
			{
				resource: 'workspace',
				operation: 'getUsers',
				workspaceId: rl(101),
				onlineOnly: true,
				returnAll: true,
			},
			(request) =>
				expect([request.path, request.query]).toEqual([
					apiPath(ENDPOINTS.listWorkspaceUsers.path),
					{ workspace_id: '101' },
				]),
			(items) => expect(items.map((item) => item.status)).toEqual(['online', 'online', 'online']),
		],
		[
			'workspace Send Notification',
			{
				resource: 'workspace',
				operation: 'sendNotification',
				workspaceId: rl(102),
				roles: ['admin'],
				message: 'E2E workspace',
			},
			(request) =>
				expect(request.body).toEqual({
					workspace_id: 102,
					auth: ['admin'],
					message: 'E2E workspace',
					service_name: 'n8n',
					service_logo_url: expect.stringMatching(/^https:\/\//),
				}),
			(items) =>
				expect(items).toEqual([
					{
						success: true,
						target: { type: 'workspace', id: 102, roles: ['admin'] },
						message: 'E2E workspace',
					},
				]),
		],
		[
			'organization Send Notification',
			{ resource: 'organization', operation: 'sendNotification', message: 'E2E organization' },
			(request) =>
				expect([request.path, (request.body as { message: string }).message]).toEqual([
					apiPath(ENDPOINTS.notifyOrganization.path),
					'E2E organization',
				]),
			(items) =>
				expect(items).toEqual([
					{ success: true, target: { type: 'organization' }, message: 'E2E organization' },
				]),
		],
		[
			'group Get Many',
			{ resource: 'group', operation: 'getAll', returnAll: false, limit: 2 },
			(request) => expect(request.path).toBe(apiPath(ENDPOINTS.listGroups.path)),
			(items) => expect(items.map((item) => item.id)).toEqual([201, 202]),
		],
		[
			'group Get Members',
			{ resource: 'group', operation: 'getMembers', groupId: rl(202), returnAll: true },
			(request) => expect(request.query).toEqual({ group_id: '202' }),
			(items) => expect(items.map((item) => item.name)).toEqual(['Dana Okafor', 'Grace Kim']),
		],
		[
			'group Send Notification',
			{ resource: 'group', operation: 'sendNotification', groupId: rl(201), message: 'E2E group' },
			(request) => expect(request.body).toMatchObject({ group_id: 201, message: 'E2E group' }),
			(items) =>
				expect(items).toEqual([
					{ success: true, target: { type: 'group', id: 201 }, message: 'E2E group' },
				]),
		],
	];

	it.each(cases)('%s', async (name, parameters, checkRequest, checkItems) => {
		const run = await runManually(
			bed.local,
			oviceWorkflow(`E2E ${name}`, parameters, bed.local.credential),
		);
		expect(run.error).toBeUndefined();
		expect(run.record.status).toBe('success');
		const requests = await sandbox().requests();
		expect(requests).toHaveLength(1);
		expect(requests[0].headers.client_id).toBe(SANDBOX_KEY.clientId);
		expect(requests[0].headers.client_secret).toBe(SECRET_WITHHELD);
		expect(requests[0].secretMatched).toBe(true);
		checkRequest(requests[0]);
		checkItems(run.output('ovice'));
	});

	it('stops with a clear error for an unknown workspace', async () => {
		const run = await runManually(
			bed.local,
			oviceWorkflow(
				'E2E unknown workspace',
				{
					resource: 'workspace',
					operation: 'getUsers',
					workspaceId: { __rl: true, mode: 'id', value: '999' },
					returnAll: true,
				},
				bed.local.credential,
			),
		);
		expect(run.record.status).toBe('error');
		expect(JSON.stringify(run.data)).toContain('ovice found no workspace 999 (HTTP 404)');
		expect(JSON.stringify(run.data)).not.toContain(SANDBOX_KEY.clientSecret);
	});
});

describe('example workflows', () => {
	const example = (fragment: string) =>
		bed.local.examples.find((entry) => entry.name.includes(fragment))!;

	it('"who is online" lists the online users of Tokyo HQ', async () => {
		const run = await runSaved(bed.local, example('who is online').id);
		expect(run.output('Who is online').map((item) => item.name)).toEqual([
			'Aiko Tanaka',
			'Ben Carter',
			'Emi Sato',
		]);
	});

	it('"notify a workspace every weekday morning" sends the stand-up notice', async () => {
		await runSaved(bed.local, example('every weekday morning').id);
		const [notification] = await sandbox().notifications();
		expect(notification).toMatchObject({
			target: { kind: 'workspace', id: 101, roles: ['admin', 'member'] },
			message: 'Stand-up starts in 5 minutes in the Main Hall',
		});
	});

	it('"a knock notifies a group": the ovice Webhook Trigger\'s production URL receives an ovice webhook', async () => {
		const workflow = example('knock');
		await bed.local.api.activate(workflow.id);
		try {
			const saved = await bed.local.api.getWorkflow(workflow.id);
			const trigger = saved.nodes.find(
				(node) => node.type === 'n8n-nodes-ovice.oviceWebhookTrigger',
			)!;
			// The example ships with the "ovice webhook token" credential npm start creates.
			const bare = `${bed.local.server.url}/webhook/${String(trigger.webhookId)}/ovice`;
			const url = `${bare}?token=${bed.local.webhookToken}`;
			// Activation answers before the webhook is routable; an unselected event is a
			// harmless probe (answered 200, starts nothing).
			const ignored = await waitFor(async () => {
				const probe = await sandbox().emitWebhook({ url, event: 'offline' });
				return probe.status === 404 ? undefined : probe;
			});
			expect(ignored.status).toBe(200);
			expect((await sandbox().emitWebhook({ url: bare, event: 'knock' })).status).toBe(401);
			const delivery = await sandbox().emitWebhook({
				url,
				event: 'knock',
				values: { name: 'Chen Wei' },
			});
			expect(delivery.status).toBe(200);
			const notifications = await waitFor(async () => {
				const found = await sandbox().notifications();
				return found.length ? found : undefined;
			});
			expect(notifications).toEqual([
				expect.objectContaining({
					target: { kind: 'group', id: 201 },
					message: 'Chen Wei is knocking',
				}),
			]);
		} finally {
			await bed.local.api.deactivate(workflow.id);
		}
	});
});

describe('ovice Presence Trigger on an active workflow', () => {
	it('records a baseline on activation, then fires on the next poll with the change', async () => {
		const workflow = presenceWorkflow('E2E presence', 'b0000000-0000-4000-8000-000000000001');
		const saved = await bed.local.api.createWorkflow(workflow);
		await bed.local.api.activate(saved.id);
		try {
			await waitFor(
				async () =>
					(await sandbox().requests()).some((request) => request.endpoint === 'listWorkspaceUsers')
						? true
						: undefined,
				30_000,
			);
			await sandbox().setUser(101, 1004, { status: 'online' });
			const executions = await waitFor(async () => {
				const found = await executionsOf(bed.local, saved.id);
				return found.length ? found : undefined;
			}, 150_000);
			const run = await runOutput(executions[0].id);
			expect(run).toEqual([
				expect.objectContaining({
					event: 'userOnline',
					previousStatus: 'offline',
					status: 'online',
					user: expect.objectContaining({ id: 1004 }),
					workspace: { id: 101, name: 'Tokyo HQ' },
				}),
			]);
		} finally {
			await bed.local.api.deactivate(saved.id);
		}
	}, 240_000);

	it('survives an n8n restart: a change made around the restart is reported exactly once', async () => {
		const workflow = presenceWorkflow(
			'E2E presence restart',
			'b0000000-0000-4000-8000-000000000011',
		);
		const saved = await bed.local.api.createWorkflow(workflow);
		await bed.local.api.activate(saved.id);
		const executions = () => executionsOf(bed.local, saved.id);
		try {
			await waitFor(
				async () =>
					(await sandbox().requests()).some((request) => request.endpoint === 'listWorkspaceUsers')
						? true
						: undefined,
				30_000,
			);
			// The baseline as n8n saved it at activation.
			const stored = await waitFor(async () => {
				const { staticData } = (await bed.local.api.getWorkflow(saved.id)) as {
					staticData?: Record<string, { statuses?: Record<string, string> }>;
				};
				return staticData?.['node:Presence']?.statuses;
			}, 30_000);
			expect(stored['1005']).toBe('online');
			await sandbox().setUser(101, 1005, { status: 'offline' });
			await bed.local.restart();
			const found = await waitFor(async () => {
				const list = await executions();
				return list.length ? list : undefined;
			}, 150_000);
			expect(await runOutput(found[0].id)).toEqual([
				expect.objectContaining({
					event: 'userOffline',
					previousStatus: 'online',
					status: 'offline',
					user: expect.objectContaining({ id: 1005 }),
				}),
			]);
			// One more poll later, nothing new: the change was reported once.
			await new Promise((resolve) => setTimeout(resolve, 65_000));
			expect(await executions()).toHaveLength(1);
		} finally {
			await bed.local.api.deactivate(saved.id);
		}
	}, 400_000);

	/** A Presence Trigger on Tokyo HQ polling every minute, as the only node. */
	function presenceWorkflow(name: string, nodeId: string) {
		return withCredential(
			{
				name,
				nodes: [
					{
						id: nodeId,
						name: 'Presence',
						type: 'n8n-nodes-ovice.ovicePresenceTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, workspaceId: rl(101) },
						credentials: { oviceApi: bed.local.credential },
					},
				],
				connections: {},
				settings: { executionOrder: 'v1' },
			},
			bed.local.credential,
		);
	}

	async function runOutput(executionId: string) {
		const { data } = await waitForExecution(bed.local, executionId);
		return (data.resultData.runData.Presence?.[0]?.data?.main[0] ?? []).map((item) => item.json);
	}
});

describe("n8n's Retry On Fail in the real server", () => {
	/** `count` notifications with `message`, one 500 before processing (after `after` others), 3 tries; the texts delivered, sorted. */
	const retried = async (name: string, message: string, count = 5, after = 0) => {
		const workflow = notificationsWorkflow(name, count, message, bed.local.credential, {
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 200,
		});
		await sandbox().addFault({
			status: 500,
			path: ENDPOINTS.notifyWorkspace.path,
			times: 1,
			after,
		});
		const run = await runManually(bed.local, workflow, 300_000);
		const delivered = (await sandbox().notifications())
			.map((notification) => notification.message)
			.sort();
		return { run, delivered };
	};

	it('5 notifications, one 500 before processing, 3 tries: each delivered exactly once, the run succeeds', async () => {
		const { run, delivered } = await retried('E2E retry on fail', '={{ "retry " + $json.items }}');
		expect(run.record.status).toBe('success');
		expect(run.output('ovice')).toHaveLength(5);
		expect(delivered).toEqual(['retry 0', 'retry 1', 'retry 2', 'retry 3', 'retry 4']);
	});

	it('10,100 notifications, one 500 near the end (past what a process-wide memory held): each delivered exactly once', async () => {
		const { run, delivered } = await retried(
			'E2E retry on fail 10,100',
			'={{ "large " + $json.items }}',
			10_100,
			10_050,
		);
		expect(run.record.status).toBe('success');
		expect(delivered).toHaveLength(10_100);
		expect(new Set(delivered).size).toBe(10_100);
		// 10,100 first tries (one refused with 500) and one more for the refused item only.
		const notifies = (await sandbox().requests()).filter((r) =>
			r.path.endsWith(ENDPOINTS.notifyWorkspace.path),
		);
		expect(notifies).toHaveLength(10_101);
	}, 300_000);

	it('a message ending in {{ $now }} (a new text on every try): each delivered exactly once', async () => {
		const { run, delivered } = await retried(
			'E2E retry on fail with $now',
			'={{ "now " + $json.items + " at " + $now.toMillis() }}',
		);
		expect(run.record.status).toBe('success');
		expect(delivered.map((message) => message.replace(/ at \d+$/, ''))).toEqual([
			'now 0',
			'now 1',
			'now 2',
			'now 3',
			'now 4',
		]);
	});
});

describe('ovice Webhook Trigger with a token credential, in the real server', () => {
	const token = 'E2e-webhook-token_0123456789.~';

	it('token kept encrypted; gzip bombs refused; no-event bodies start nothing; started requests get JSON', async () => {
		const credential = await bed.local.api.ensureCredential(
			'E2E webhook token',
			'oviceWebhookTokenApi',
			{ token },
		);
		const workflow = {
			name: 'E2E webhook token',
			nodes: [
				{
					id: 'e0000000-0000-4000-8000-000000000001',
					name: 'ovice Webhook Trigger',
					type: 'n8n-nodes-ovice.oviceWebhookTrigger',
					typeVersion: 1,
					position: [0, 0] as [number, number],
					webhookId: 'e2e0c0de-0000-4000-8000-000000000001',
					parameters: { events: ['knock'] },
					credentials: { oviceWebhookTokenApi: credential },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		};
		const saved = await bed.local.api.createWorkflow(workflow as never);
		await bed.local.api.activate(saved.id);
		const url = `${bed.local.server.url}/webhook/e2e0c0de-0000-4000-8000-000000000001/ovice`;
		const post = async (
			query: string,
			body: Buffer | string,
			headers: Record<string, string> = {},
		) => {
			const response = await request(`${url}${query}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body,
			});
			return { status: response.statusCode, text: await response.body.text() };
		};
		const executions = () => executionsOf(bed.local, saved.id);
		try {
			await waitFor(async () =>
				(await post('', '{"event":"knock"}')).status === 404 ? undefined : true,
			);
			expect((await post('', '{"event":"knock","name":"A"}')).status).toBe(401);
			expect((await post('?token=wrong', '{"event":"knock","name":"A"}')).status).toBe(403);
			const bomb = gzipSync(JSON.stringify({ event: 'knock', name: 'x'.repeat(200 * 1024) }));
			expect((await post(`?token=${token}`, bomb, { 'content-encoding': 'gzip' })).status).toBe(
				413,
			);
			const noEvent = await post(`?token=${token}`, '{"text":"Aiko Tanaka has joined the space"}');
			expect([noEvent.status, JSON.parse(noEvent.text)]).toEqual([
				200,
				expect.objectContaining({ started: false }),
			]);
			const started = await post(
				`?token=${token}`,
				'{"event":"knock","name":"Aiko Tanaka","email":"aiko.tanaka@example.com"}',
			);
			expect([started.status, JSON.parse(started.text)]).toEqual([
				200,
				{ received: true, started: true, event: 'knock' },
			]);
			const found = await waitFor(async () => {
				const list = await executions();
				return list.length ? list : undefined;
			});
			expect(found).toHaveLength(1);
		} finally {
			await bed.local.api.deactivate(saved.id);
		}
		// Nothing n8n stored in clear text holds the token: workflows, executions, logs.
		const database = join(bed.local.server.userFolder, '.n8n');
		for (const file of readdirSync(database).filter((name) => name.startsWith('database.sqlite'))) {
			expect(readFileSync(join(database, file)).includes(token)).toBe(false);
		}
		expect(JSON.stringify(await bed.local.api.getWorkflow(saved.id))).not.toContain(token);
	});
});

describe('ovice Webhook Trigger refusals in the real server', () => {
	it('a weak token credential refuses every request; form fields, XML, text and deep nesting are refused; nothing starts', async () => {
		const weak = await bed.local.api.ensureCredential(
			'E2E weak webhook token',
			'oviceWebhookTokenApi',
			{ token: 'x' },
		);
		const guarded = await activateWebhook(
			bed.local.api,
			bed.local.server.url,
			'e2e0c0de-0000-4000-8000-000000000002',
			knockWorkflow(
				'E2E weak token',
				'e2e0c0de-0000-4000-8000-000000000002',
				bed.local.credential,
				{ credentials: { oviceWebhookTokenApi: weak } },
			),
		);
		const open = await activateWebhook(
			bed.local.api,
			bed.local.server.url,
			'e2e0c0de-0000-4000-8000-000000000003',
			knockWorkflow(
				'E2E webhook bodies',
				'e2e0c0de-0000-4000-8000-000000000003',
				bed.local.credential,
			),
		);
		const raw = async (webhookId: string, type: string, body: string, query = '') => {
			const response = await request(`${bed.local.server.url}/webhook/${webhookId}/ovice${query}`, {
				method: 'POST',
				headers: { 'content-type': type },
				body,
			});
			return { status: response.statusCode, text: await response.body.text() };
		};
		try {
			for (const query of ['', '?token=x']) {
				const refused = await raw(
					'e2e0c0de-0000-4000-8000-000000000002',
					'application/json',
					'{"event":"knock","name":"A"}',
					query,
				);
				expect(refused.status).toBe(401);
				expect(refused.text).toContain('The token has 1 character; use at least 16.');
			}
			const id = 'e2e0c0de-0000-4000-8000-000000000003';
			expect(
				(await raw(id, 'application/x-www-form-urlencoded', 'event=knock&name=Aiko')).status,
			).toBe(415);
			expect((await raw(id, 'application/xml', '<root><event>knock</event></root>')).status).toBe(
				415,
			);
			expect((await raw(id, 'text/plain', 'Aiko knocked')).status).toBe(400);
			const deep = await raw(
				id,
				'application/json',
				`{"event":"knock","name":${'['.repeat(20000)}${']'.repeat(20000)}}`,
			);
			expect([deep.status, deep.text]).toEqual([
				400,
				expect.stringContaining('nests deeper than 32 levels'),
			]);
			// One good knock after the refusals: the only execution either workflow has.
			expect((await open.post({ event: 'knock', name: 'Aiko Tanaka' })).status).toBe(200);
			await waitFor(async () =>
				(await executionsOf(bed.local, open.id)).length ? true : undefined,
			);
			expect(await executionsOf(bed.local, open.id)).toHaveLength(1);
			expect(await executionsOf(bed.local, guarded.id)).toHaveLength(0);
		} finally {
			await bed.local.api.deactivate(guarded.id);
			await bed.local.api.deactivate(open.id);
		}
	});
});

describe('rate limits and retries in the real server', () => {
	const notifyEach = (name: string, count: number) =>
		notificationsWorkflow(name, count, '={{ "rate " + $json.items }}', bed.local.credential);

	/** Runs `work` with the sandbox answering 429 above `perSecond`, and lifts the limit after. */
	const limited = async (perSecond: number, work: () => Promise<void>) => {
		await sandbox().limitRate(perSecond);
		try {
			await work();
		} finally {
			await sandbox().limitRate(0);
		}
	};
	const deliveredTexts = async () =>
		(await sandbox().notifications()).map((notification) => notification.message);

	it('429s are waited out and every notification is delivered once (sandbox limited to 20 requests/s)', async () => {
		await limited(20, async () => {
			const run = await runManually(bed.local, notifyEach('E2E 429', 60), 120_000);
			expect(run.record.status).toBe('success');
			const delivered = await deliveredTexts();
			expect(delivered).toHaveLength(60);
			expect(new Set(delivered).size).toBe(60);
			expect((await sandbox().requests()).some((request) => request.status === 429)).toBe(true);
		});
	});

	it("ovice's 429s pace the key at the default settings: 300 notifications against 10/s all delivered in order, ≤ 1.5 requests each", async () => {
		await limited(10, async () => {
			const run = await runManually(bed.local, notifyEach('E2E paced 300', 300), 180_000);
			expect(run.record.status).toBe('success');
			expect(await deliveredTexts()).toEqual(
				Array.from({ length: 300 }, (_, index) => `rate ${index}`),
			);
			const requests = (await sandbox().requests()).filter((r) =>
				r.path.endsWith(ENDPOINTS.notifyWorkspace.path),
			);
			const times = requests.map((r) => Date.parse(r.at));
			const spanMs = Math.max(...times) - Math.min(...times);
			process.stdout.write(
				`Paced: 300 delivered with ${requests.length} requests (${requests.filter((r) => r.status === 429).length} × 429) in ${spanMs} ms\n`,
			);
			expect(requests.length).toBeLessThanOrEqual(450);
			// How long it took is the bench's figure (part 3); printed here for the log.
		});
	}, 180_000);

	it('the package uses only what the running n8n-workflow exports', async () => {
		// A name missing at run time (as sleepWithAbort is in n8n 2.41) breaks only the code
		// path that uses it; every name the built nodes take from n8n-workflow must exist,
		// but one read with a fallback (`x.sleepWithAbort ?? x.sleep`), which may be missing.
		const workflow = (await import(
			join(bed.local.runtime.n8nDir, 'node_modules', 'n8n-workflow')
		)) as Record<string, unknown>;
		const used = new Set<string>();
		const walk = (folder: string) => {
			for (const entry of readdirSync(folder, { withFileTypes: true })) {
				const path = join(folder, entry.name);
				if (entry.isDirectory()) walk(path);
				else if (entry.name.endsWith('.js')) {
					const code = readFileSync(path, 'utf8');
					// `import { x }` compiles to n8n_workflow_1.x, `import * as w` to w.x.
					const namespaces = [
						...code.matchAll(/(\w+) = __importStar\(require\("n8n-workflow"\)\)/g),
					].map((match) => match[1]);
					const owners = ['n8n_workflow_\\d+', ...namespaces].join('|');
					const uses = new RegExp(String.raw`\b(?:${owners})\.(\w+)\b(?! \?\?)`, 'g');
					for (const match of code.matchAll(uses)) used.add(match[1]);
				}
			}
		};
		walk(join(PACKAGE_ROOT, 'dist'));
		expect([...used]).toEqual(
			expect.arrayContaining(['NodeApiError', 'NodeOperationError', 'sleep']),
		);
		expect([...used].filter((name) => workflow[name] === undefined)).toEqual([]);
	});
});

batchSuite(bed);

describe('Stop in the real server', () => {
	it('40 notifications at 2/s, stopped after a few: at most one arrives more than 1 s after Stop, none twice', async () => {
		const { stoppedAt, status, delivered } = await stopMidway(bed.local, 'E2E stop');
		process.stdout.write(
			`Stop: ${delivered.length} of 40 delivered, ${delivered.filter((entry) => entry.at > stoppedAt).length} after Stop, execution ${status}\n`,
		);
		expect(status).toBe('canceled');
		expect(delivered.length).toBeGreaterThanOrEqual(6);
		expect(delivered.length).toBeLessThan(40);
		expect(delivered.filter((entry) => entry.at > stoppedAt + 1000).length).toBeLessThanOrEqual(1);
		expect(new Set(delivered.map((entry) => entry.message)).size).toBe(delivered.length);
	}, 120_000);
});

describe('hosts that are not ovice, in the real server', () => {
	const catcher = useCatcher();
	const notify = {
		resource: 'workspace',
		operation: 'sendNotification',
		workspaceId: rl(101),
		message: 'E2E redirect',
	};

	it.each([301, 302, 307, 308])(
		'a notification redirected with HTTP %i fails, naming the other host, which receives nothing',
		async (status) => {
			await sandbox().addFault({
				status,
				redirectTo: `${catcher.url}/elsewhere`,
				path: ENDPOINTS.notifyWorkspace.path,
			});
			const run = await runManually(
				bed.local,
				oviceWorkflow(`E2E redirect ${status}`, notify, bed.local.credential),
			);
			expect(run.record.status).toBe('error');
			expect(JSON.stringify(run.data)).toContain(
				`The Base URL redirected to ${new URL(catcher.url).host} (HTTP ${status})`,
			);
			expect(catcher.caught).toHaveLength(0);
			expect(await sandbox().notifications()).toHaveLength(0);
		},
	);

	it('a 200 with an HTML page is an error, not a sent notification', async () => {
		await sandbox().addFault({ malformed: 'html', path: ENDPOINTS.notifyWorkspace.path });
		const run = await runManually(
			bed.local,
			oviceWorkflow('E2E html', notify, bed.local.credential),
		);
		expect(run.record.status).toBe('error');
		expect(JSON.stringify(run.data)).toContain("This Base URL does not look like ovice's API");
	});

	it('the credential Test fails naming the redirect; the other host never sees the secret', async () => {
		await sandbox().addFault({
			status: 302,
			redirectTo: `${catcher.url}/elsewhere`,
			path: ENDPOINTS.listWorkspaces.path,
		});
		const result = await bed.local.api.testCredential(bed.local.credential, 'oviceApi', {
			clientId: SANDBOX_KEY.clientId,
			clientSecret: SANDBOX_KEY.clientSecret,
			organizationId: SANDBOX_ORGANIZATION_ID,
			baseUrl: bed.local.sandbox.url,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			n8nLine() === 1
				? /^Request failed with status code 302$/
				: /^The Base URL redirected to another address \(HTTP 302\)/,
		);
		expect(catcher.caught).toHaveLength(0);
	});

	it('the credential Test refuses a plain-http Base URL to another host before sending', async () => {
		const result = await bed.local.api.testCredential(bed.local.credential, 'oviceApi', {
			clientId: SANDBOX_KEY.clientId,
			clientSecret: SANDBOX_KEY.clientSecret,
			organizationId: SANDBOX_ORGANIZATION_ID,
			baseUrl: 'http://api.ovice.com',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('must start with https://');
	});
});

/** n8n's HTTP Request node 4.2, which workflows built a while ago carry, and the newest this n8n line ships. */
async function httpRequestVersions(): Promise<number[]> {
	const all = (await bed.local.api.nodeTypes())
		.filter((type) => type.name === 'n8n-nodes-base.httpRequest')
		.flatMap((type) => [type.version].flat());
	return [...new Set([4.2, Math.max(...all)])];
}

/** One GET by n8n's HTTP Request node carrying the Ovice API credential. */
function httpRequestWorkflow(
	name: string,
	version: number,
	url: string,
	credential: { id: string; name: string },
	options: Record<string, unknown>,
) {
	return itemsWorkflow(name, 1, {
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: version,
		parameters: {
			method: 'GET',
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'oviceApi',
			options,
		},
		credentials: { oviceApi: credential },
	});
}

describe("n8n's HTTP Request node with the Ovice API credential: the key goes only to the Base URL", () => {
	const catcher = useCatcher();
	const workspacesUrl = () => `${bed.local.sandbox.url}${apiPath(ENDPOINTS.listWorkspaces.path)}`;
	/** 4.2, which workflows built a while ago carry, and the newest this n8n line ships. */
	const versions = httpRequestVersions;
	const httpRequest = (name: string, version: number, url: string) =>
		httpRequestWorkflow(name, version, url, bed.local.credential, {});
	const secretCaught = () => JSON.stringify(catcher.caught).includes(SANDBOX_KEY.clientSecret);

	it('a URL on another host: the run fails naming that host, which receives nothing', async () => {
		for (const version of await versions()) {
			const run = await runManually(
				bed.local,
				httpRequest(`E2E HTTP Request ${version} elsewhere`, version, `${catcher.url}/steal`),
			);
			expect(run.record.status).toBe('error');
			expect(JSON.stringify(run.data)).toContain(
				`Not sent: this request goes to ${new URL(catcher.url).host}, but the ovice credential's key may only be sent to its Base URL ${bed.local.sandbox.url}`,
			);
			expect(catcher.caught).toHaveLength(0);
		}
	});

	it.each([302, 307])(
		'a Base URL answering HTTP %i to another host: not followed, the other host receives nothing',
		async (status) => {
			for (const version of await versions()) {
				await sandbox().addFault({
					status,
					redirectTo: `${catcher.url}/stolen`,
					path: ENDPOINTS.listWorkspaces.path,
				});
				const run = await runManually(
					bed.local,
					httpRequest(`E2E HTTP Request ${version} redirect ${status}`, version, workspacesUrl()),
				);
				expect(run.record.status).toBe('error');
				expect(catcher.caught).toHaveLength(0);
				expect(secretCaught()).toBe(false);
			}
		},
	);

	it("the Base URL itself works: the key reaches ovice's API", async () => {
		for (const version of await versions()) {
			await sandbox().clearRequests();
			const run = await runManually(
				bed.local,
				httpRequest(`E2E HTTP Request ${version} ovice`, version, workspacesUrl()),
			);
			expect(run.record.status).toBe('success');
			expect(run.output('HTTP Request').map((item) => item.name)).toEqual([
				'Tokyo HQ',
				'Osaka Studio',
				'Remote Lounge',
			]);
			const [received] = await sandbox().requests();
			expect([received.headers.client_id, received.secretMatched]).toEqual([
				SANDBOX_KEY.clientId,
				true,
			]);
		}
	});

	it("asked to echo the headers (the rule an attacker would post), the sandbox does not: the run keeps no secret, n8n's log neither", async () => {
		// A workflow any user can build: post the control rule, then call the API with a
		// credential they may use but not read. The sandbox has no such rule any more.
		await request(`${bed.local.sandbox.url}/__sandbox/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ echoHeaders: true, status: 400, times: -1 }),
		}).then((answer) => answer.body.text());
		for (const version of await versions()) {
			const run = await runManually(
				bed.local,
				httpRequest(`E2E HTTP Request ${version} echo`, version, workspacesUrl()),
			);
			expect(JSON.stringify(run.data)).not.toContain(SANDBOX_KEY.clientSecret);
			expect(JSON.stringify(run.record)).not.toContain(SANDBOX_KEY.clientSecret);
		}
		expect(readFileSync(bed.local.server.logFile, 'utf8')).not.toContain(SANDBOX_KEY.clientSecret);
	});
});

describe('proxies: the key never travels where certificates are not checked, nor in clear text through a proxy', () => {
	let hostile: TestProxy;
	let tunnel: TestProxy;
	let front: { url: string; close(): Promise<void> };
	let oviceCom: { id: string; name: string };
	let overHttps: { id: string; name: string };
	const OVICE_COM_WORKSPACES = `https://api.ovice.com/api/public/v1/${SANDBOX_ORGANIZATION_ID}/organizations/workspaces`;

	beforeAll(async () => {
		hostile = await startProxy('intercept', bed.tls.impostor);
		tunnel = await startProxy('tunnel');
		front = await startHttpsFront(bed.local.sandbox.url, bed.tls.server);
		oviceCom = await bed.local.api.ensureCredential(
			'E2E ovice key, Base URL api.ovice.com',
			'oviceApi',
			sandboxCredentialData('https://api.ovice.com'),
		);
		overHttps = await bed.local.api.ensureCredential(
			'E2E ovice key, sandbox over https',
			'oviceApi',
			sandboxCredentialData(front.url),
		);
	});
	afterAll(async () => {
		await hostile?.close();
		await tunnel?.close();
		await front?.close();
	});
	beforeEach(() => {
		hostile.seen.length = 0;
		tunnel.seen.length = 0;
	});

	const versions = httpRequestVersions;
	const httpRequest = httpRequestWorkflow;
	const workspaces = (requestOptions: Record<string, unknown>) => ({
		resource: 'workspace',
		operation: 'getAll',
		returnAll: true,
		requestOptions,
	});
	const secretIn = (proxy: TestProxy) =>
		JSON.stringify(proxy.seen).includes(SANDBOX_KEY.clientSecret);
	const UNCHECKED =
		'Not sent: certificate checks are off for this request ("Ignore SSL Issues (Insecure)" is on)';
	const CLEAR_TEXT =
		'Not sent: this request would carry the ovice client secret in clear text through the proxy';

	it('a proxy that answers TLS itself, Ignore SSL Issues on: HTTP Request 4.2 and the newest send it nothing, the error names the setting', async () => {
		for (const version of await versions()) {
			const run = await runManually(
				bed.local,
				httpRequest(`E2E proxy intercept ${version}`, version, OVICE_COM_WORKSPACES, oviceCom, {
					proxy: hostile.url,
					allowUnauthorizedCerts: true,
				}),
			);
			expect(run.record.status).toBe('error');
			expect(run.error?.message).toContain(UNCHECKED);
			expect(run.error?.message).toContain('Turn "Ignore SSL Issues (Insecure)" off');
		}
		expect(hostile.seen).toEqual([]);
	});

	it('the same proxy with the ovice node (Request Options → Proxy, Ignore SSL Issues on): nothing sent, the error names the setting', async () => {
		const run = await runManually(
			bed.local,
			oviceWorkflow(
				'E2E proxy intercept ovice node',
				workspaces({ proxy: hostile.url, allowUnauthorizedCerts: true }),
				oviceCom,
			),
		);
		expect(run.record.status).toBe('error');
		expect(run.error?.message).toBe(
			`${UNCHECKED}, so whoever answers, the proxy ${new URL(hostile.url).host} included, could read the ovice client secret`,
		);
		expect(run.error?.description).toContain('Request Options in the ovice node');
		expect(hostile.seen).toEqual([]);
	});

	it('with certificate checks on, the hostile proxy gets a tunnel but cannot read it', async () => {
		const run = await runManually(
			bed.local,
			oviceWorkflow('E2E proxy intercept, checked', workspaces({ proxy: hostile.url }), oviceCom),
		);
		expect(run.record.status).toBe('error');
		expect(hostile.seen.map((entry) => entry.line)).toEqual(
			expect.arrayContaining([expect.stringMatching(/^CONNECT api\.ovice\.com:443$/)]),
		);
		expect(hostile.seen.filter((entry) => entry.headers)).toEqual([]);
		expect(secretIn(hostile)).toBe(false);
	});

	it('a plain proxy to an http: Base URL: neither node sends through it, each error names the setting', async () => {
		for (const version of await versions()) {
			const run = await runManually(
				bed.local,
				httpRequest(
					`E2E proxy clear text ${version}`,
					version,
					`${bed.local.sandbox.url}${apiPath(ENDPOINTS.listWorkspaces.path)}`,
					bed.local.credential,
					{ proxy: tunnel.url },
				),
			);
			expect(run.record.status).toBe('error');
			expect(run.error?.message).toContain(CLEAR_TEXT);
			expect(run.error?.message).toContain('Remove the Proxy');
		}
		const run = await runManually(
			bed.local,
			oviceWorkflow(
				'E2E proxy clear text ovice node',
				workspaces({ proxy: tunnel.url }),
				bed.local.credential,
			),
		);
		expect(run.error?.message).toBe(`${CLEAR_TEXT} ${new URL(tunnel.url).host}`);
		expect(tunnel.seen).toEqual([]);
	});

	it('a proxy with certificates checked (an authority n8n trusts) still carries requests, for both nodes', async () => {
		const names = ['Tokyo HQ', 'Osaka Studio', 'Remote Lounge'];
		const run = await runManually(
			bed.local,
			oviceWorkflow('E2E proxy tunnel ovice node', workspaces({ proxy: tunnel.url }), overHttps),
		);
		expect(run.error).toBeUndefined();
		expect(run.output('ovice').map((item) => item.name)).toEqual(names);
		for (const version of await versions()) {
			const viaHttpRequest = await runManually(
				bed.local,
				httpRequest(
					`E2E proxy tunnel ${version}`,
					version,
					`${front.url}${apiPath(ENDPOINTS.listWorkspaces.path)}`,
					overHttps,
					{ proxy: tunnel.url },
				),
			);
			expect(viaHttpRequest.record.status).toBe('success');
			expect(viaHttpRequest.output('HTTP Request').map((item) => item.name)).toEqual(names);
		}
		const port = new URL(front.url).port;
		expect(tunnel.seen.map((entry) => entry.line)).toEqual(
			expect.arrayContaining([`CONNECT localhost:${port}`]),
		);
		// The tunnel carried TLS: the proxy saw no header, so no secret.
		expect(secretIn(tunnel)).toBe(false);
	});
});

describe('AI agents: the MCP server example with a real MCP client', () => {
	// The tools the MCP example offers: one per operation (npm run generate writes the example).
	const TOOLS = everyOperation()
		.map((operation) => operation.tool.name)
		.sort();
	let client: Client;
	let workflowId: string;

	beforeAll(async () => {
		workflowId = bed.local.examples.find((entry) =>
			entry.file.endsWith('ovice-mcp-server.json'),
		)!.id;
		await bed.local.api.activate(workflowId);
		client = new Client({ name: 'n8n-nodes-ovice e2e', version: '1.0.0' });
		const url = new URL(`${bed.local.server.url}/mcp/ovice`);
		await waitFor(async () => {
			try {
				await client.connect(
					new StreamableHTTPClientTransport(url, {
						requestInit: { headers: { authorization: `Bearer ${bed.local.mcpToken}` } },
					}),
				);
				return true;
			} catch {
				client = new Client({ name: 'n8n-nodes-ovice e2e', version: '1.0.0' });
				return undefined;
			}
		});
	});
	afterAll(async () => {
		await client?.close();
		await bed.local.api.deactivate(workflowId);
	});

	const text = (result: Awaited<ReturnType<Client['callTool']>>) =>
		(result.content as Array<{ type: string; text?: string }>)
			.map((part) => part.text ?? '')
			.join('\n');

	it("answers 403 (n8n's MCP Server Trigger's refusal) to a client without the token, or with a wrong one, and runs no tool", async () => {
		for (const headers of [{}, { authorization: 'Bearer wrong-token' }] as Array<
			Record<string, string>
		>) {
			expect(await mcpInitialize(`${bed.local.server.url}/mcp/ovice`, headers)).toBe(403);
		}
		const stranger = new Client({ name: 'no token', version: '1' });
		await expect(
			stranger.connect(
				new StreamableHTTPClientTransport(new URL(`${bed.local.server.url}/mcp/ovice`)),
			),
		).rejects.toThrow();
		expect(await sandbox().requests()).toEqual([]);
	});

	it('lists a tool per ovice operation, each with a description and the inputs an agent fills', async () => {
		const { tools } = await client.listTools();
		expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
		// n8n builds a tool's description as "<the operation's action> in <the node's default
		// name>" when the tool node sets none (the example sets none).
		expect(Object.fromEntries(tools.map((tool) => [tool.name, tool.description]))).toEqual(
			Object.fromEntries(
				everyOperation().map((operation) => [operation.tool.name, `${operation.action} in ovice`]),
			),
		);
		const inputs = Object.fromEntries(
			tools.map((tool) => [
				tool.name,
				Object.keys((tool.inputSchema.properties ?? {}) as object).sort(),
			]),
		);
		expect(inputs.send_workspace_notification).toEqual(
			expect.arrayContaining(['message', 'roles', 'workspaceId']),
		);
		expect(inputs.send_group_notification).toEqual(expect.arrayContaining(['groupId', 'message']));
		expect(inputs.list_workspace_users).toEqual(
			expect.arrayContaining(['onlineOnly', 'workspaceId']),
		);
	});

	it('calls every tool against the sandbox', async () => {
		const calls: Array<[string, Record<string, unknown>, (answer: string) => void]> = [
			['list_workspaces', {}, (answer) => expect(answer).toContain('Tokyo HQ')],
			[
				'get_workspace',
				{ workspaceId: 103 },
				(answer) => expect(answer).toContain('/ws/remote-lounge/'),
			],
			[
				'list_workspace_users',
				{ workspaceId: 101, onlineOnly: true },
				(answer) => expect(answer).toContain('Aiko Tanaka'),
			],
			['list_groups', {}, (answer) => expect(answer).toContain('Engineering')],
			['list_group_members', { groupId: 202 }, (answer) => expect(answer).toContain('Dana Okafor')],
			[
				'send_workspace_notification',
				{ workspaceId: 102, roles: ['admin'], message: 'MCP workspace' },
				(answer) => expect(answer).toContain('success'),
			],
			[
				'send_organization_notification',
				{ message: 'MCP organization' },
				(answer) => expect(answer).toContain('success'),
			],
			[
				'send_group_notification',
				{ groupId: 201, message: 'MCP group' },
				(answer) => expect(answer).toContain('success'),
			],
		];
		for (const [name, args, check] of calls) {
			const answer = text(await client.callTool({ name, arguments: args }));
			check(answer);
			expect(answer).not.toContain(SANDBOX_KEY.clientSecret);
		}
		const sent = await sandbox().notifications();
		expect(sent.map((notification) => [notification.target, notification.message])).toEqual([
			[{ kind: 'workspace', id: 102, roles: ['admin'] }, 'MCP workspace'],
			[{ kind: 'organization' }, 'MCP organization'],
			[{ kind: 'group', id: 201 }, 'MCP group'],
		]);
	});

	it("answers bad calls with the package's own errors, and sends nothing", async () => {
		const unknown = text(
			await client.callTool({
				name: 'list_workspace_users',
				arguments: { workspaceId: 999, onlineOnly: false },
			}),
		);
		expect(unknown).toContain('ovice found no workspace 999 (HTTP 404)');
		const badRole = text(
			await client.callTool({
				name: 'send_workspace_notification',
				arguments: { workspaceId: 101, roles: ['boss'], message: 'x' },
			}),
		);
		expect(badRole).toContain('Roles has unknown role "boss"');
		const noWorkspace = text(
			await client.callTool({ name: 'get_workspace', arguments: { workspaceId: 999 } }),
		);
		// n8n's MCP Server Trigger writes an error as "<class name>: <message>"; docs/ai-agents.md
		// quotes this answer.
		expect(noWorkspace).toContain('ovice has no workspace 999 in this organization');
		expect(noWorkspace).toContain('Pick the workspace from the list, or check its ID in ovice.');
		process.stdout.write(`get_workspace 999 answers: ${JSON.stringify(noWorkspace)}\n`);
		for (const answer of [unknown, badRole, noWorkspace]) {
			expect(answer).not.toContain(SANDBOX_KEY.clientSecret);
		}
		expect(await sandbox().notifications()).toEqual([]);
	});
});

describe('secret hygiene in the real server', () => {
	it("keeps the client secret out of n8n's log", () => {
		const log = readFileSync(bed.local.server.logFile, 'utf8');
		expect(log).not.toContain(SANDBOX_KEY.clientSecret);
	});
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
	const started = Date.now();
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() - started > timeoutMs) throw new Error(`gave up waiting after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
