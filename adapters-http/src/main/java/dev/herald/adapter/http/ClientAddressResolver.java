package dev.herald.adapter.http;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The client's address for per-address limits. Behind a load balancer every connection comes from
 * the balancer, so when the direct peer is a trusted proxy the address is taken from
 * {@code X-Forwarded-For}: the right-most entry that is not itself a trusted proxy (entries further
 * left are whatever the client claimed and cannot be trusted).
 */
public final class ClientAddressResolver {

    private final Set<String> trustedProxies;

    public ClientAddressResolver(List<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    public String resolve(String peerAddress, Optional<String> forwardedFor) {
        if (!trustedProxies.contains(peerAddress) || forwardedFor.isEmpty()) {
            return peerAddress;
        }
        String[] hops = forwardedFor.get().split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop.length() > 64 ? hop.substring(0, 64) : hop;
            }
        }
        return peerAddress;
    }
}
