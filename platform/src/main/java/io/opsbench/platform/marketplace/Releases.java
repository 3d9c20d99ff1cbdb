package io.opsbench.platform.marketplace;

import io.opsbench.pluginhost.manifest.Manifests;
import io.opsbench.pluginhost.manifest.PluginManifest;
import io.opsbench.pluginhost.manifest.Semver;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/** Approved releases, as installations and the catalog see them. */
@Service
public class Releases {

    private final SubmissionRepository repository;
    private final Semver platformApi;
    private final Map<UUID, PluginManifest> manifests = new ConcurrentHashMap<>();

    Releases(SubmissionRepository repository) {
        this.repository = repository;
        this.platformApi = Semver.parse(io.opsbench.plugin.PluginApi.VERSION);
    }

    /** Every approved release, yanked ones included, oldest approval first. */
    public List<Release> all(String pluginId) {
        return repository.releases(pluginId).stream().map(this::release).toList();
    }

    /** An approved, non-yanked release that runs on this platform. */
    public Optional<Release> installable(String pluginId, String version) {
        return repository.release(pluginId, version).map(this::release)
                .filter(release -> !release.yanked() && release.manifest().platform().includes(platformApi));
    }

    /** The highest approved, non-yanked version that runs on this platform. */
    public Optional<Release> latestInstallable(String pluginId) {
        return all(pluginId).stream()
                .filter(release -> !release.yanked() && release.manifest().platform().includes(platformApi))
                .max(Comparator.comparing(release -> release.manifest().version()));
    }

    /** A release a tenant already runs, even if it has since been yanked. */
    public Optional<Release> installed(String pluginId, String version) {
        return repository.release(pluginId, version).map(this::release);
    }

    private Release release(SubmissionRepository.ReleaseRow row) {
        PluginManifest manifest = manifests.computeIfAbsent(row.submissionId(),
                id -> Manifests.parse(row.manifest().getBytes(StandardCharsets.UTF_8)));
        return new Release(row.submissionId(), manifest, row.sha256(), row.approvedAt(), row.yanked());
    }
}
