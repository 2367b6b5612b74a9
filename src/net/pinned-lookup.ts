import { isIP, type LookupFunction } from 'node:net';

/**
 * A `lookup` for `http.request` that answers every query with the one address already resolved
 * and checked, so the socket cannot go anywhere else (a second DNS query could be answered
 * differently: DNS rebinding). The request keeps the name for the Host header and TLS SNI.
 * Node 20 asks with `all: true` when it races address families (autoSelectFamily).
 */
export function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address);
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}
