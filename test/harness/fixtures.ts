/** Sandbox and credentials for the engine tests; the workflow JSON they run comes from workflows.ts. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { INACTIVE_KEY, SANDBOX_KEY, SANDBOX_ORGANIZATION_ID } from '../../sandbox/data';
import { SandboxClient } from '../../sandbox/client';
import { KEEP_FOR_TESTS, startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/server';

import { Engine, forgetLearnedPaces } from './engine';
import type { CredentialsByType } from './engine';

export interface TestBed {
	engine: Engine;
	sandbox: Sandbox;
	client: SandboxClient;
	credentials: CredentialsByType;
	credential(overrides?: Partial<ICredentialDataDecryptedObject>): CredentialsByType;
}

/** Starts a sandbox and loads the package for one test file; resets the sandbox before each test. */
export function useTestBed(): TestBed {
	const bed = {} as TestBed;
	beforeAll(async () => {
		bed.engine = await Engine.load();
		bed.sandbox = await startSandbox({ keep: KEEP_FOR_TESTS });
		bed.client = new SandboxClient(bed.sandbox.url);
		bed.credential = (overrides = {}) => ({
			oviceApi: {
				clientId: SANDBOX_KEY.clientId,
				clientSecret: SANDBOX_KEY.clientSecret,
				organizationId: SANDBOX_ORGANIZATION_ID,
				baseUrl: bed.sandbox.url,
				...overrides,
			},
		});
		bed.credentials = bed.credential();
	});
	beforeEach(async () => {
		await bed.client.reset();
		// A fresh ovice: what the package learned of the last test's rate limit is forgotten.
		forgetLearnedPaces();
	});
	afterAll(async () => {
		await bed.sandbox?.close();
		Engine.shutdown();
	});
	return bed;
}

export const inactiveKey = {
	clientId: INACTIVE_KEY.clientId,
	clientSecret: INACTIVE_KEY.clientSecret,
};

export * from './workflows';
