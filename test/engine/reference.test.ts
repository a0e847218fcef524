/**
 * The wire requests written out by hand from the reference (reference-cases.ts), and the
 * defaults the node sends when only the message is set.
 */
import { SANDBOX_KEY } from '../../sandbox/data';
import { SECRET_WITHHELD } from '../../sandbox/server';
import { byId, singleNodeWorkflow, useTestBed } from '../harness/fixtures';
import { caseParameters, REFERENCE_CASES } from './reference-cases';

const bed = useTestBed();

const SENDER = { service_name: 'n8n', service_logo_url: 'https://example.com/logo.png' };

describe('each endpoint as the reference states it', () => {
	it.each(Object.values(REFERENCE_CASES))('$title', async (referenceCase) => {
		const { expected } = referenceCase;
		const result = await bed.engine.run(
			singleNodeWorkflow(caseParameters(referenceCase) as never),
			{ credentials: bed.credentials },
		);
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

describe('Roles default to Admin and Member, the sender under Options', () => {
	it('a workspace notification with nothing but the message sends admin and member, and n8n as the sender', async () => {
		const result = await bed.engine.run(
			singleNodeWorkflow({
				resource: 'workspace',
				operation: 'sendNotification',
				workspaceId: byId(101),
				message: 'Stand-up',
			} as never),
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
		const result = await bed.engine.run(singleNodeWorkflow(parameters as never), {
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
});
