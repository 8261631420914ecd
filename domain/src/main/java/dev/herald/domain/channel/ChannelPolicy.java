package dev.herald.domain.channel;

import dev.herald.domain.job.JobId;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, per job id, what its channel allows: the options of the configured namespace the id
 * names, or v1's behaviour ({@link NamespaceOptions#DEFAULT}) for the default namespace and any
 * namespace not configured. Names match exactly (case-sensitive), as job ids do. It also carries
 * the limit on creating ephemeral channels.
 */
public final class ChannelPolicy {

    /** How metrics and log lines name the default namespace (and any namespace not configured). */
    public static final String DEFAULT_LABEL = "default";

    private static final ChannelPolicy V1 = new ChannelPolicy(Map.of(), ChannelCreationLimit.unlimited());

    private final Map<Namespace, NamespaceOptions> namespaces;
    private final ChannelCreationLimit creationLimit;

    private ChannelPolicy(Map<Namespace, NamespaceOptions> namespaces, ChannelCreationLimit creationLimit) {
        this.namespaces = Map.copyOf(namespaces);
        this.creationLimit = Objects.requireNonNull(creationLimit, "creationLimit");
    }

    /** No namespace configured: every channel behaves as v1. */
    public static ChannelPolicy v1() {
        return V1;
    }

    public static ChannelPolicy of(Map<Namespace, NamespaceOptions> namespaces) {
        return of(namespaces, ChannelCreationLimit.unlimited());
    }

    public static ChannelPolicy of(Map<Namespace, NamespaceOptions> namespaces, ChannelCreationLimit creationLimit) {
        Objects.requireNonNull(namespaces, "namespaces");
        if (namespaces.isEmpty() && !creationLimit.enabled()) {
            return V1;
        }
        return new ChannelPolicy(namespaces, creationLimit);
    }

    public NamespaceOptions optionsFor(JobId jobId) {
        Optional<Namespace> namespace = Namespace.of(jobId);
        return namespace.map(n -> namespaces.getOrDefault(n, NamespaceOptions.DEFAULT)).orElse(NamespaceOptions.DEFAULT);
    }

    /** The configured namespace {@code jobId} is in, or empty when it gets the default options. */
    public Optional<Namespace> configuredNamespace(JobId jobId) {
        return Namespace.of(jobId).filter(namespaces::containsKey);
    }

    /** The namespace's name for metrics and log lines: the configured one, or {@value #DEFAULT_LABEL}. */
    public String namespaceLabel(JobId jobId) {
        return configuredNamespace(jobId).map(Namespace::name).orElse(DEFAULT_LABEL);
    }

    public Map<Namespace, NamespaceOptions> namespaces() {
        return namespaces;
    }

    public ChannelCreationLimit creationLimit() {
        return creationLimit;
    }

    /** Is any namespace ephemeral? */
    public boolean anyEphemeral() {
        return namespaces.values().stream().anyMatch(NamespaceOptions::ephemeral);
    }

    public ChannelPolicy withCreationLimit(ChannelCreationLimit limit) {
        return of(namespaces, limit);
    }

    @Override
    public String toString() {
        return namespaces.isEmpty() ? "none configured" : namespaces.toString();
    }
}
