/**
 * What guards the ovice API key wherever it travels: the one module the credential's
 * `authenticate` (every node, n8n's HTTP Request included) reads, beside the package's own
 * transport, which reads the same functions. Where the key may go: address.ts; how it
 * travels and what it may not contain: key.ts.
 */
export type { AddressedRequest, CarriedRequest } from './address';
export { API_BASE_URL_EXPRESSION, carriageProblem, destinationProblem } from './address';
export { keyFacts, withoutRedirects } from './key';
