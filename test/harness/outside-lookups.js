/**
 * Preloaded into an n8n process by the launcher test (NODE_OPTIONS=--require): every name
 * lookup for a host that is not this machine is written to OVICE_LOOKUP_LOG and refused,
 * so the test sees each attempt n8n makes to reach outside, and nothing leaves.
 */
const dns = require('node:dns');
const { appendFileSync } = require('node:fs');

const log = process.env.OVICE_LOOKUP_LOG;
const isLocal = (host) =>
	host === 'localhost' ||
	host === '::1' ||
	host === '[::1]' ||
	/^127\.\d+\.\d+\.\d+$/.test(host) ||
	host === '0.0.0.0' ||
	host === '';

function refused(hostname) {
	const error = new Error(`getaddrinfo ENOTFOUND ${hostname} (refused by the launcher test)`);
	error.code = 'ENOTFOUND';
	error.hostname = hostname;
	return error;
}

function note(hostname) {
	if (log) appendFileSync(log, `${process.pid} ${hostname}\n`);
}

const lookup = dns.lookup;
dns.lookup = function patchedLookup(hostname, ...rest) {
	const host = String(hostname ?? '');
	if (isLocal(host)) return lookup.call(this, hostname, ...rest);
	note(host);
	const callback = rest[rest.length - 1];
	if (typeof callback === 'function') process.nextTick(callback, refused(host));
	return undefined;
};
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = async function patchedPromisesLookup(hostname, ...rest) {
	const host = String(hostname ?? '');
	if (isLocal(host)) return await promisesLookup.call(this, hostname, ...rest);
	note(host);
	throw refused(host);
};
if (log) appendFileSync(log, `${process.pid} (hook loaded)\n`);
