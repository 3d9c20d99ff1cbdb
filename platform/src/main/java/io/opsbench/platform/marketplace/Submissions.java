package io.opsbench.platform.marketplace;

import io.opsbench.marketplace.review.BundleReview;
import io.opsbench.marketplace.review.CheckResult;
import io.opsbench.marketplace.review.ReviewReport;
import io.opsbench.marketplace.review.ReviewSettings;
import io.opsbench.marketplace.review.SubmissionHistory;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.VendorId;
import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.web.InvalidInput;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import io.opsbench.platform.web.ResourceNotFound;
import io.opsbench.pluginhost.archive.ArchiveLimits;
import io.opsbench.pluginhost.archive.BundleArchive;
import io.opsbench.pluginhost.manifest.Semver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Vendors' submissions: the automated review runs before any transaction opens (it starts a sandbox
 * JVM), then the submission, its bundle and the plugin id's ownership are recorded together.
 */
@Service
public class Submissions {

    private final SubmissionRepository repository;
    private final BundleStore bundles;
    private final BundleReview review;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Submissions(SubmissionRepository repository, BundleStore bundles, MarketplaceSettings settings,
            TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
        this.repository = repository;
        this.bundles = bundles;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        // Outside the data directory: the sandbox is an OS process and could read whatever it can reach.
        Path sandboxDir = Path.of(System.getProperty("java.io.tmpdir"), "opsbench-sandbox").toAbsolutePath();
        this.review = new BundleReview(new ReviewSettings(ArchiveLimits.DEFAULTS, settings.sandboxTimeout(),
                settings.sandboxHeap(), sandboxDir, Path.of(System.getProperty("java.home"), "bin", "java")));
    }

    public Submission submit(VendorId vendor, byte[] bundle) {
        ReviewReport report = review.review(bundle, new History(vendor));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        boolean passed = report.passed();
        String pluginId = report.manifest().map(m -> m.id()).orElse(null);
        String version = report.manifest().map(m -> m.version().toString()).orElse(null);
        Submission submission = new Submission(Ids.newId(clock), vendor, pluginId, version,
                passed ? SubmissionStatus.PENDING_REVIEW : SubmissionStatus.REJECTED, checks(report),
                report.sha256(), bundle.length, now, null, null, null, null);
        String manifest = passed ? manifestText(bundle) : null;
        try {
            transactions.executeWithoutResult(tx -> {
                if (passed) {
                    bundles.save(report.sha256(), bundle, now);
                    repository.claim(pluginId, vendor, now);
                    if (!repository.owner(pluginId).orElseThrow().equals(vendor)) {
                        throw new ProblemException(ProblemCode.CONFLICT,
                                "Plugin id " + pluginId + " was just claimed by another vendor");
                    }
                }
                repository.insert(submission, passed, manifest);
            });
        } catch (DuplicateKeyException e) {
            throw new ProblemException(ProblemCode.CONFLICT,
                    "Version %s of %s was submitted concurrently; submit a higher version".formatted(version, pluginId));
        }
        return submission;
    }

    public Submission get(Principal caller, UUID id) {
        return repository.find(id).filter(s -> visibleTo(caller, s))
                .orElseThrow(() -> new ResourceNotFound("submission", id));
    }

    public Page<Submission> list(Principal caller, SubmissionStatus status, PageRequest page) {
        VendorId vendor = caller instanceof Principal.Vendor v ? v.vendorId() : null;
        return Page.of(repository.list(vendor, status, page), page, Submission::submittedAt, Submission::id, status);
    }

    public Submission approve(UUID id, String note) {
        return decide(id, SubmissionStatus.APPROVED, note);
    }

    public Submission reject(UUID id, String reason) {
        return decide(id, SubmissionStatus.REJECTED, reason);
    }

    /** Takes a release out of the catalog and suspends every installation of it, on every node. */
    public void yank(String pluginId, String version, String reason) {
        transactions.executeWithoutResult(tx -> {
            if (!repository.yank(pluginId, version, reason, clock.instant())) {
                throw new ResourceNotFound("approved release", pluginId + "@" + version);
            }
            events.publishEvent(new ReleaseYanked(pluginId, version, reason));
        });
    }

    private Submission decide(UUID id, SubmissionStatus to, String note) {
        return transactions.execute(tx -> {
            Submission current = repository.find(id).orElseThrow(() -> new ResourceNotFound("submission", id));
            if (!repository.decide(id, to, note, clock.instant().truncatedTo(ChronoUnit.MICROS))) {
                throw new ProblemException(ProblemCode.INVALID_TRANSITION, "Submission is %s; only pending_review "
                        .formatted(current.status()) + "submissions can be approved or rejected",
                        List.of(), Map.of("allowed_transitions", List.of()));
            }
            return repository.find(id).orElseThrow();
        });
    }

    private static boolean visibleTo(Principal caller, Submission submission) {
        return caller instanceof Principal.Operator
                || caller instanceof Principal.Vendor vendor && vendor.vendorId().equals(submission.vendorId());
    }

    private static List<Submission.Check> checks(ReviewReport report) {
        return report.checks().stream().map(Submissions::check).toList();
    }

    private static Submission.Check check(CheckResult result) {
        return new Submission.Check(result.name(), result.status().wireName(), result.message(),
                result.findings().stream()
                        .map(f -> new Submission.Finding(f.severity(), f.location(), f.message())).toList());
    }

    private static String manifestText(byte[] bundle) {
        return BundleArchive.read(bundle, ArchiveLimits.DEFAULTS).content("manifest.json")
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .orElseThrow(() -> InvalidInput.pointer("/", "bundle has no manifest.json"));
    }

    private final class History implements SubmissionHistory {

        private final VendorId vendor;

        History(VendorId vendor) {
            this.vendor = vendor;
        }

        @Override
        public String submittingVendorId() {
            return vendor.toString();
        }

        @Override
        public Optional<String> owner(String pluginId) {
            return repository.owner(pluginId).map(VendorId::toString);
        }

        @Override
        public List<Semver> earlierVersions(String pluginId) {
            return repository.earlierVersions(pluginId).stream().map(Semver::parse).toList();
        }
    }
}
