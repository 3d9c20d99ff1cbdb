package io.opsbench.platform.marketplace;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.ResourceNotFound;
import io.opsbench.plugin.Capability;
import io.opsbench.pluginhost.manifest.PluginManifest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "Marketplace catalog", description = "Approved plugins. Unapproved plugins are invisible.")
class CatalogController {

    private final Releases releases;
    private final Submissions submissions;

    CatalogController(Releases releases, Submissions submissions) {
        this.releases = releases;
        this.submissions = submissions;
    }

    @GetMapping(path = "/v1/marketplace/plugins", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access({Principal.Kind.TENANT, Principal.Kind.VENDOR, Principal.Kind.OPERATOR})
    @Operation(summary = "List plugins with an approved, non-yanked version",
            description = "Filters: `capability` (e.g. `sms`), `q` (in id, name or description). One page holds every match.")
    Page<CatalogPlugin> list(@RequestParam(required = false) Capability capability,
            @RequestParam(required = false) String q) {
        Map<String, List<Release>> byPlugin = new LinkedHashMap<>();
        releases.all(null).stream().filter(release -> !release.yanked())
                .forEach(release -> byPlugin.computeIfAbsent(release.pluginId(), id -> new java.util.ArrayList<>())
                        .add(release));
        String query = q == null ? null : q.toLowerCase(Locale.ROOT);
        List<CatalogPlugin> plugins = byPlugin.values().stream()
                .map(CatalogController::plugin)
                .filter(plugin -> capability == null || plugin.capabilities().contains(capability))
                .filter(plugin -> query == null || (plugin.pluginId() + " " + plugin.name() + " " + plugin.description())
                        .toLowerCase(Locale.ROOT).contains(query))
                .sorted(Comparator.comparing(CatalogPlugin::pluginId))
                .toList();
        return new Page<>(plugins, null);
    }

    @GetMapping(path = "/v1/marketplace/plugins/{pluginId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access({Principal.Kind.TENANT, Principal.Kind.VENDOR, Principal.Kind.OPERATOR})
    @Operation(summary = "A plugin with its approved versions")
    CatalogPluginDetail get(@PathVariable String pluginId) {
        List<Release> listed = releases.all(pluginId).stream().filter(release -> !release.yanked()).toList();
        if (listed.isEmpty()) {
            throw new ResourceNotFound("plugin", pluginId);
        }
        CatalogPlugin summary = plugin(listed);
        List<CatalogVersion> versions = listed.stream()
                .sorted(Comparator.comparing((Release r) -> r.manifest().version()).reversed())
                .map(r -> new CatalogVersion(r.version(), r.manifest().platform().toString(),
                        r.manifest().configSchema().orElse(null), r.manifest().capabilities(), r.approvedAt()))
                .toList();
        return new CatalogPluginDetail(summary.pluginId(), summary.name(), summary.vendor(), summary.description(),
                summary.capabilities(), summary.latestVersion(), versions);
    }

    @PostMapping(path = "/v1/marketplace/plugins/{pluginId}/versions/{version}/yank",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Access(Principal.Kind.OPERATOR)
    @Operation(summary = "Yank a release", description = "The version leaves the catalog and every installation of "
            + "it is suspended at once; its calls answer 409 from then on, on every node.")
    void yank(@PathVariable String pluginId, @PathVariable String version, @Valid @RequestBody Yank yank) {
        submissions.yank(pluginId, version, yank.reason());
    }

    private static CatalogPlugin plugin(List<Release> releases) {
        Release latest = releases.stream().max(Comparator.comparing(r -> r.manifest().version())).orElseThrow();
        PluginManifest m = latest.manifest();
        return new CatalogPlugin(m.id(), m.name(), m.vendor(), m.description(), m.capabilities(), latest.version());
    }

    record CatalogPlugin(String pluginId, String name, String vendor, String description,
            List<Capability> capabilities, String latestVersion) {
    }

    record CatalogPluginDetail(String pluginId, String name, String vendor, String description,
            List<Capability> capabilities, String latestVersion, List<CatalogVersion> versions) {
    }

    record CatalogVersion(String version, String platform, JsonNode configSchema, List<Capability> capabilities,
            Instant approvedAt) {
    }

    record Yank(@NotBlank @Size(max = 2000) String reason) {
    }
}
