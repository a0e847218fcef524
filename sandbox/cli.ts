/** `npm run sandbox`: the local ovice API stand-in, on OVICE_SANDBOX_PORT (default 4010). */
import { numberOption } from '../scripts/options';
import { INACTIVE_KEY, SANDBOX_KEY, SANDBOX_ORGANIZATION_ID } from './data';
import { startSandbox } from './server';

async function main(): Promise<void> {
	const sandbox = await startSandbox({
		port: numberOption('port', process.env.OVICE_SANDBOX_PORT || 4010),
		log: true,
	});
	console.log(`ovice sandbox listening on ${sandbox.url}`);
	console.log('Use these in an "Ovice API" credential:');
	console.log(`  Client ID:        ${SANDBOX_KEY.clientId}`);
	console.log(`  Client Secret:    ${SANDBOX_KEY.clientSecret}`);
	console.log(`  Organization ID:  ${SANDBOX_ORGANIZATION_ID}`);
	console.log(`  Base URL:         ${sandbox.url}`);
	console.log(`(The key "${INACTIVE_KEY.clientId}" is seeded as deactivated.)`);
	const stop = () => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
