package io.opsbench.platform.plugin;

import io.opsbench.platform.web.ETags;
import io.opsbench.platform.crypto.Secrets;
import io.opsbench.platform.event.DomainEvents;
import io.opsbench.platform.marketplace.Release;
import io.opsbench.platform.marketplace.ReleaseYanked;
import io.opsbench.platform.marketplace.Releases;
import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.tenant.Plan;
import io.opsbench.platform.tenant.Tenants;
import io.opsbench.platform.web.InvalidInput;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.Problem;
import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import io.opsbench.platform.web.ResourceNotFound;
import io.opsbench.plugin.Capability;
import io.opsbench.pluginhost.manifest.ConfigSchemas;
import io.opsbench.pluginhost.manifest.ConfigValidation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tenant's plugin installations: install, configure, upgrade, disable, remove, and which
 * installation serves each capability. Runs with the tenant bound.
 */
@Service
public class Installations {

    private final InstallationRepository repository;
    private final Releases releases;
    private final Tenants tenants;
    private final Secrets secrets;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final DomainEvents domainEvents;
    private final Clock clock;

    Installations(InstallationRepository repository, Releases releases, Tenants tenants, Secrets secrets,
            JsonMapper json, ApplicationEventPublisher events, DomainEvents domainEvents, Clock clock) {
        this.repository = repository;
        this.releases = releases;
        this.tenants = tenants;
        this.secrets = secrets;
        this.json = json;
        this.events = events;
        this.domainEvents = domainEvents;
        this.clock = clock;
    }

    /** What a capability call needs, read in one short transaction before the call. */
    record Resolved(Installation installation, Release release, Map<String, Object> config) {
    }

    @Transactional
    public Installation install(String pluginId, String version, ObjectNode config) {
        TenantId tenant = TenantScope.require();
        if (tenants.get(tenant).plan() == Plan.STARTER) {
            throw new ProblemException(ProblemCode.PAYMENT_REQUIRED,
                    "Marketplace plugins need the pro plan or above; this tenant is on starter");
        }
        Release release = (version == null ? releases.latestInstallable(pluginId)
                : releases.installable(pluginId, version))
                .orElseThrow(() -> new ResourceNotFound("installable plugin release",
                        version == null ? pluginId : pluginId + "@" + version));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = Ids.newId(clock);
        Split split = validate(release, config == null ? json.createObjectNode() : config);
        Installation installation = new Installation(id, pluginId, release.version(), release.submissionId(),
                release.manifest().capabilities(), InstallationStatus.ACTIVE, null, split.config(),
                split.secretNames(), now, now, 0);
        try {
            repository.insert(tenant, installation, seal(id, split.secrets()), subscriptions(release));
        } catch (DuplicateKeyException e) {
            throw new ProblemException(ProblemCode.CONFLICT,
                    pluginId + " is already installed; change its version or config with PATCH");
        }
        domainEvents.record("plugin.installed", "plugin_installation", id, Map.of("installation", installation));
        events.publishEvent(new InstallationsChanged());
        return installation;
    }

    /** One statement, so no transaction: it runs under the tenant in a single round trip. */
    public Installation get(UUID id) {
        return repository.find(id).orElseThrow(() -> new ResourceNotFound("installation", id));
    }

    @Transactional(readOnly = true)
    public Page<Installation> list(PageRequest page) {
        return Page.of(repository.list(page), page, Installation::installedAt, Installation::id);
    }

    /**
     * Changes config (merged: an absent property keeps its value, {@code null} clears it), version
     * (upgrade or downgrade, re-validating the merged config) and enabled state, live.
     */
    @Transactional
    public Installation update(UUID id, ObjectNode configPatch, String version, Boolean enabled) {
        Installation current = repository.lock(id).orElseThrow(() -> new ResourceNotFound("installation", id));
        ETags.requireCurrent(current);
        Release release = version == null || version.equals(current.version())
                ? releases.installed(current.pluginId(), current.version()).orElseThrow()
                : releases.installable(current.pluginId(), version)
                        .orElseThrow(() -> new ResourceNotFound("installable plugin release",
                                current.pluginId() + "@" + version));
        ObjectNode merged = current.config().deepCopy();
        merged.setAll(openSecrets(id));
        if (configPatch != null) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = configPatch.properties().iterator(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull()) {
                    merged.remove(field.getKey());
                } else {
                    merged.set(field.getKey(), field.getValue());
                }
            }
        }
        Split split = validate(release, merged);
        InstallationStatus status = current.status();
        String reason = current.statusReason();
        if (enabled != null) {
            boolean suspendedByYank = current.status() == InstallationStatus.SUSPENDED
                    && releases.installed(current.pluginId(), current.version()).map(Release::yanked).orElse(true);
            if (suspendedByYank && enabled && (version == null || version.equals(current.version()))) {
                throw new ProblemException(ProblemCode.CONFLICT, "This installation is suspended (" + reason
                        + "); install another version to resume");
            }
            if (!suspendedByYank) {
                status = enabled ? InstallationStatus.ACTIVE : InstallationStatus.DISABLED;
                reason = enabled ? null : "disabled by the tenant";
            }
        }
        boolean leavesYankedRelease = current.status() == InstallationStatus.SUSPENDED && version != null
                && !version.equals(current.version());
        if (leavesYankedRelease) {
            status = InstallationStatus.ACTIVE;
            reason = null;
        }
        Installation next = new Installation(id, current.pluginId(), release.version(), release.submissionId(),
                release.manifest().capabilities(), status, reason, split.config(), split.secretNames(),
                current.installedAt(), clock.instant().truncatedTo(ChronoUnit.MICROS),
                status == InstallationStatus.ACTIVE ? 0 : current.consecutiveFailures());
        repository.update(next, seal(id, split.secrets()), subscriptions(release));
        events.publishEvent(new InstallationsChanged());
        return next;
    }

    /** Removes the installation; its secrets go with the row. */
    @Transactional
    public void uninstall(UUID id) {
        Installation installation = repository.lock(id).orElseThrow(() -> new ResourceNotFound("installation", id));
        ETags.requireCurrent(installation);
        repository.delete(id);
        domainEvents.record("plugin.uninstalled", "plugin_installation", id, Map.of("installation", installation));
        events.publishEvent(new InstallationsChanged());
    }

    /** For each capability, the installation that serves it and the others that could. */
    @Transactional(readOnly = true)
    public List<CapabilityAssignment> capabilities() {
        Map<Capability, UUID> choices = repository.choices();
        List<CapabilityAssignment> result = new ArrayList<>();
        for (Capability capability : Capability.values()) {
            List<Installation> candidates = repository.providing(capability);
            Optional<Installation> serving = serving(candidates, choices.get(capability));
            result.add(new CapabilityAssignment(capability, serving.map(Installation::id).orElse(null),
                    serving.map(Installation::pluginId).orElse(null), serving.map(Installation::version).orElse(null),
                    candidates.stream().map(Installation::id).toList()));
        }
        return result;
    }

    @Transactional
    public CapabilityAssignment choose(Capability capability, UUID installationId) {
        Installation chosen = repository.find(installationId)
                .orElseThrow(() -> new ResourceNotFound("installation", installationId));
        if (!chosen.capabilities().contains(capability)) {
            throw InvalidInput.pointer("/installation_id", chosen.pluginId() + " does not provide " + capability.wireName());
        }
        repository.choose(TenantScope.require(), capability, installationId);
        return capabilities().stream().filter(a -> a.capability() == capability).findFirst().orElseThrow();
    }

    /** The installation serving a capability for the bound tenant, with its config and secrets opened. */
    @Transactional(readOnly = true)
    Resolved resolve(Capability capability) {
        List<Installation> candidates = repository.providing(capability);
        Installation serving = serving(candidates, repository.choices().get(capability)).orElseThrow(() -> {
            Optional<Installation> suspended = candidates.stream()
                    .filter(i -> i.status() == InstallationStatus.SUSPENDED).findFirst();
            String detail = suspended.map(i -> "The %s installation (%s@%s) is suspended: %s".formatted(
                            capability.wireName(), i.pluginId(), i.version(), i.statusReason()))
                    .orElse("No active plugin installation provides " + capability.wireName()
                            + "; install one from the marketplace");
            return new ProblemException(ProblemCode.CAPABILITY_UNAVAILABLE, detail, List.of(),
                    Map.of("capability", capability.wireName()));
        });
        return opened(serving);
    }

    /**
     * Counts a failed call of an installation (an error or a timeout); after {@code threshold} in a row
     * it is suspended, says why, and records {@code plugin.suspended}. The tenant resumes it with
     * {@code PATCH {"enabled": true}}.
     */
    @Transactional
    void callFailed(Installation installation, int threshold) {
        String reason = "suspended after %d failed calls in a row".formatted(threshold);
        InstallationStatus status = repository.failed(installation.id(), threshold, reason, clock.instant());
        if (status == InstallationStatus.SUSPENDED && installation.status() == InstallationStatus.ACTIVE
                && installation.consecutiveFailures() + 1 >= threshold) {
            domainEvents.record("plugin.suspended", "plugin_installation", installation.id(), Map.of(
                    "installation_id", installation.id(), "plugin_id", installation.pluginId(),
                    "version", installation.version(), "reason", reason));
            events.publishEvent(new InstallationsChanged());
        }
    }

    @Transactional
    void callSucceeded(Installation installation) {
        repository.succeeded(installation.id());
    }

    /** An active installation with its config opened, for delivering the events it subscribed to. */
    @Transactional(readOnly = true)
    Resolved forEvents(UUID installationId) {
        Installation installation = repository.find(installationId)
                .filter(i -> i.status() == InstallationStatus.ACTIVE)
                .orElseThrow(() -> new ResourceNotFound("active installation", installationId));
        return opened(installation);
    }

    private Resolved opened(Installation installation) {
        Release release = releases.installed(installation.pluginId(), installation.version()).orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> config = json.convertValue(installation.config(), Map.class);
        openSecrets(installation.id()).properties()
                .forEach(secret -> config.put(secret.getKey(), json.convertValue(secret.getValue(), Object.class)));
        return new Resolved(installation, release, config);
    }

    @EventListener
    void suspendYankedRelease(ReleaseYanked yanked) {
        String reason = "release yanked: " + yanked.reason();
        var suspended = repository.suspendRelease(yanked.pluginId(), yanked.version(), reason,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        for (var installation : suspended) {
            domainEvents.recordFor(installation.getKey(), "plugin.suspended", "plugin_installation",
                    installation.getValue(), Map.of("installation_id", installation.getValue(),
                            "plugin_id", yanked.pluginId(), "version", yanked.version(), "reason", reason));
        }
        events.publishEvent(new InstallationsChanged());
    }

    /** The event types a release listens to: its manifest's {@code events}, if it provides the events capability. */
    private static List<String> subscriptions(Release release) {
        return release.manifest().provides(Capability.EVENTS) ? release.manifest().events() : List.of();
    }

    private static Optional<Installation> serving(List<Installation> candidates, UUID chosen) {
        List<Installation> active = candidates.stream().filter(i -> i.status() == InstallationStatus.ACTIVE).toList();
        return active.stream().filter(i -> i.id().equals(chosen)).findFirst().or(() -> active.stream().findFirst());
    }

    private record Split(ObjectNode config, ObjectNode secrets, List<String> secretNames) {
    }

    private Split validate(Release release, ObjectNode config) {
        JsonNode schema = release.manifest().configSchema().orElse(null);
        if (schema == null) {
            if (!config.isEmpty()) {
                throw InvalidInput.pointer("/config", release.pluginId() + " takes no configuration");
            }
            return new Split(config, json.createObjectNode(), List.of());
        }
        ConfigValidation validation = ConfigSchemas.validate(schema, config);
        if (!validation.isValid()) {
            throw new InvalidInput(validation.violations().stream()
                    .map(v -> Problem.FieldError.pointer("/config" + v.pointer(), v.message())).toList());
        }
        Set<String> secretNames = validation.secretProperties();
        ObjectNode plain = json.createObjectNode();
        ObjectNode hidden = json.createObjectNode();
        config.properties().forEach(field -> (secretNames.contains(field.getKey()) ? hidden : plain)
                .set(field.getKey(), field.getValue()));
        List<String> set = new ArrayList<>();
        hidden.properties().forEach(field -> set.add(field.getKey()));
        return new Split(plain, hidden, List.copyOf(set));
    }

    private byte[] seal(UUID installationId, ObjectNode hidden) {
        return hidden.isEmpty() ? null
                : secrets.encrypt(json.writeValueAsBytes(hidden), "installation:" + installationId);
    }

    private ObjectNode openSecrets(UUID installationId) {
        byte[] sealed = repository.secrets(installationId);
        if (sealed == null) {
            return json.createObjectNode();
        }
        byte[] plain = secrets.decrypt(sealed, "installation:" + installationId);
        return (ObjectNode) json.readTree(new String(plain, StandardCharsets.UTF_8));
    }

    public record CapabilityAssignment(Capability capability, UUID installationId, String pluginId, String version,
            List<UUID> candidates) {
    }
}
